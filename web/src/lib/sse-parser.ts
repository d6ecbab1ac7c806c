/**
 * A server-sent-events parser for streams read with fetch (EventSource cannot send the
 * Authorization header). Feed it text chunks as they arrive; it calls back once per complete
 * event, following the WHATWG rules for data, event, id and comment lines.
 */

export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id: string | null;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventName = '';
  private lastId: string | null = null;
  private readonly onMessage: (message: SseMessage) => void;

  constructor(onMessage: (message: SseMessage) => void) {
    this.onMessage = onMessage;
  }

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more text.
      if (match === null || (match[0] === '\r' && match.index === this.buffer.length - 1)) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }

  private dispatch(): void {
    if (this.data.length > 0) {
      this.onMessage({
        event: this.eventName === '' ? 'message' : this.eventName,
        data: this.data.join('\n'),
        id: this.lastId,
      });
    }
    this.data = [];
    this.eventName = '';
  }
}
