import type { Request, Response } from 'express';
import { HttpProblem, invalidParam } from './problem.ts';

/**
 * A multipart/form-data body (an HTML form with files) read without a dependency: the body is read
 * up to a limit, then parsed by the runtime's own Fetch implementation (`Request.formData()`), the
 * parser behind every `fetch` in Node. Bodies beyond the limit are refused before they are read
 * whole; a body that is not a form is refused naming it.
 */

function tooLarge(res: Response, limit: number): HttpProblem {
  // The rest of the body is not read: the connection closes after the answer.
  res.set('Connection', 'close');
  const reason = `is larger than ${limit} bytes`;
  return new HttpProblem(413, 'Payload too large', `body: ${reason}`, [{ name: 'body', reason }]);
}

export async function readForm(req: Request, res: Response, limit: number): Promise<FormData> {
  const type = req.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new HttpProblem(415, 'Unsupported media type', 'body: must be multipart/form-data', [
      { name: 'body', reason: 'must be multipart/form-data' },
    ]);
  }
  if (Number(req.get('content-length')) > limit) throw tooLarge(res, limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(res, limit);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  try {
    return await new Request('http://form.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    }).formData();
  } catch {
    throw invalidParam('body', 'is not a readable multipart/form-data body');
  }
}
