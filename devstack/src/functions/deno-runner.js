// devstack's Edge Function host, run by real Deno (one process per function, kept warm).
//
// It captures the handler the function passes to `Deno.serve` (as Supabase's edge runtime does for
// user workers), then serves it itself on an ephemeral 127.0.0.1 port and reports that port to
// devstack on stdout. Plain JavaScript so Deno runs it without type checking or network access.

const entry = Deno.env.get('DEVSTACK_FN_ENTRY');
const nonce = Deno.env.get('DEVSTACK_FN_NONCE');
const name = Deno.env.get('DEVSTACK_FN_NAME');
for (const key of Object.keys(Deno.env.toObject())) {
  if (key.startsWith('DEVSTACK_FN_')) Deno.env.delete(key);
}

let handler;
let onError;
const realServe = Deno.serve.bind(Deno);

function placeholderServer() {
  return {
    finished: new Promise(() => {}),
    addr: { transport: 'tcp', hostname: '0.0.0.0', port: 8000 },
    shutdown: async () => {},
    ref() {},
    unref() {},
    async [Symbol.asyncDispose]() {},
  };
}

Deno.serve = (a, b) => {
  let opts = {};
  let h;
  if (typeof a === 'function') {
    h = a;
    opts = b ?? {};
  } else {
    opts = a ?? {};
    h = typeof b === 'function' ? b : opts.handler;
  }
  if (typeof h !== 'function') throw new TypeError('Deno.serve: a handler function is required');
  if (handler) console.warn(`[${name}] Deno.serve() called more than once; the last handler wins`);
  handler = h;
  onError = typeof opts.onError === 'function' ? opts.onError : undefined;
  return placeholderServer();
};

if (!('EdgeRuntime' in globalThis)) {
  globalThis.EdgeRuntime = {
    waitUntil(promise) {
      Promise.resolve(promise).catch((e) => console.error(e));
    },
  };
}

const mod = await import(entry);
if (!handler && mod?.default && typeof mod.default.fetch === 'function') {
  handler = (req, info) => mod.default.fetch(req, info);
}
for (let i = 0; !handler && i < 20; i++) await new Promise((r) => setTimeout(r, 50));
if (!handler) {
  console.error(`[${name}] the function never called Deno.serve(handler) (nor exported default { fetch })`);
  Deno.exit(70);
}

realServe(
  {
    hostname: '127.0.0.1',
    port: 0,
    onListen: ({ port }) => {
      console.log(`DEVSTACK_READY ${nonce} ${port}`);
    },
  },
  async (req, info) => {
    try {
      return await handler(req, info);
    } catch (err) {
      console.error(err);
      if (onError) return await onError(err);
      return new Response('Internal Server Error', {
        status: 500,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      });
    }
  },
);
