/**
 * JSON that can sit inside `<script type="application/json">` without ending the element early:
 * every `<` becomes \u003c (covers `</script>` and `<!--`), and U+2028/U+2029 are escaped so
 * the text is also a valid JavaScript literal. JSON.parse reads the escapes back unchanged.
 * NaN and Infinity have no JSON form and become null, as with JSON.stringify.
 */
export function jsonForScriptTag(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value has no JSON representation');
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Reads back what jsonForScriptTag wrote (the browser does the same with JSON.parse). */
export function parseScriptTagJson(text: string): unknown {
  return JSON.parse(text);
}
