/** Prints a command's result: JSON when asked (bigints as strings), else the human line. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  if (json) {
    process.stdout.write(
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n',
    );
  } else {
    process.stdout.write(human() + '\n');
  }
}
