/** An error that answers with its status code and message (the error handler sends it). */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.headers = headers;
  }
}

export const unauthorized = (message = 'authentication required') => new HttpError(401, message);
export const forbidden = (message = 'your role does not allow this') => new HttpError(403, message);
/** Also used for other users' objects, so their existence is not revealed. */
export const notFound = (what = 'resource') => new HttpError(404, `${what} not found`);
