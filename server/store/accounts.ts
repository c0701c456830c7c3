import type { Role } from '../../catalog/roles.ts';
import type { User } from '../../catalog/users.ts';
import type { Db } from './db.ts';
import { type SignInAttempts, signInAttemptQueries } from './sign-in-attempts.ts';

export interface UserWithSecret extends User {
  password_hash: string;
}

export interface NewUser {
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
}

export type UserChanges = Partial<Pick<UserWithSecret, 'display_name' | 'role' | 'active' | 'password_hash'>>;

export interface AccountStore extends SignInAttempts {
  createUser(user: NewUser): Promise<User>;
  listUsers(): Promise<User[]>;
  findUser(username: string): Promise<UserWithSecret | undefined>;
  /** Returns the user as changed, or undefined if there is no such user. */
  updateUser(username: string, changes: UserChanges): Promise<User | undefined>;
  countActiveAdmins(): Promise<number>;
  addToken(digest: string, userId: number, label: string, expiresAt: Date | null): Promise<void>;
  /** The active user a live token belongs to. */
  userForToken(digest: string): Promise<User | undefined>;
  removeToken(digest: string): Promise<void>;
}

const USER_COLUMNS = `id::integer AS id, username, display_name, role, active,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at`;

export function accountQueries(db: Db): AccountStore {
  return {
    ...signInAttemptQueries(db),
    async createUser(user) {
      const [row] = await db.query<User>(
        `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
         RETURNING ${USER_COLUMNS}`,
        [user.username, user.display_name, user.role, user.password_hash],
      );
      return row;
    },

    listUsers: () => db.query<User>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`),

    async findUser(username) {
      const [row] = await db.query<UserWithSecret>(
        `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE username = $1`,
        [username],
      );
      return row;
    },

    async updateUser(username, changes) {
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      // Column names come from the UserChanges keys, never from a request.
      const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
      const [row] = await db.query<User>(
        `UPDATE users SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE username = $1 RETURNING ${USER_COLUMNS}`,
        [username, ...entries.map(([, value]) => value)],
      );
      if (row && (changes.password_hash || changes.active === false)) {
        // A new password or a disabled account ends every session the old one had.
        await db.query('DELETE FROM tokens WHERE user_id = $1', [row.id]);
      }
      return row;
    },

    async countActiveAdmins() {
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM users WHERE role = 'admin' AND active`,
      );
      return n;
    },

    async addToken(digest, userId, label, expiresAt) {
      await db.query('INSERT INTO tokens (token_hash, user_id, label, expires_at) VALUES ($1, $2, $3, $4)', [
        digest,
        userId,
        label,
        expiresAt?.toISOString() ?? null,
      ]);
    },

    async userForToken(digest) {
      const [row] = await db.query<User>(
        `SELECT ${USER_COLUMNS} FROM users WHERE active AND id = (
           SELECT user_id FROM tokens WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > now()))`,
        [digest],
      );
      return row;
    },

    async removeToken(digest) {
      await db.query('DELETE FROM tokens WHERE token_hash = $1', [digest]);
    },
  };
}
