// Polls the kiosk core from inside a VM guest, in one Node process (starting Node costs
// seconds under emulation): node poll.mjs URL EXPRESSION SECONDS prints the last answer and
// exits 0 once EXPRESSION (JavaScript over `s`, the parsed JSON) is true, 1 at the timeout.
const [url, expression, seconds] = process.argv.slice(2);
const test = new Function('s', `return (${expression});`);
const end = Date.now() + Number(seconds) * 1000;
let last;
for (;;) {
  try {
    const s = await (await fetch(url)).json();
    last = JSON.stringify(s);
    if (test(s)) {
      console.log(last);
      process.exit(0);
    }
  } catch (e) {
    last = `no answer: ${e.cause?.code ?? e.message}`;
  }
  if (Date.now() > end) {
    console.log(last);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
