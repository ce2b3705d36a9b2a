// Prints where a Node process started with --inspect=127.0.0.1:PORT is running JavaScript
// right now: pauses it through the inspector (which interrupts even a busy loop) and prints
// the top call frames as "JS-STACK function url:line". node --experimental-websocket js-stack.mjs PORT
const port = process.argv[2] ?? '9229';
const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl);
let id = 0;
const send = (method, params = {}) => ws.send(JSON.stringify({ id: ++id, method, params }));
ws.onopen = () => {
  send('Debugger.enable');
  send('Debugger.pause');
};
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.method !== 'Debugger.paused') return;
  for (const f of m.params.callFrames.slice(0, 30)) {
    console.log(`JS-STACK ${f.functionName || '(anonymous)'} ${f.url.replace(/^file:\/\//, '')}:${f.location.lineNumber + 1}`);
  }
  send('Debugger.resume');
  setTimeout(() => process.exit(0), 200);
};
setTimeout(() => {
  console.log('JS-STACK no pause within 120 s (busy in native code?)');
  process.exit(1);
}, 120_000);
