import type { Role } from './roles.ts';

/** A staff account as the API lists it (GET /users) and the store hands it back; never its password. */
export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}
