// Starts the built server for `npm start`. adapter-node assumes https when ORIGIN is unset, which would
// refuse every form post on http://localhost; default ORIGIN to the local address unless it is given.
const port = process.env.PORT ?? '3000';
process.env.ORIGIN ??= `http://localhost:${port}`;
await import('../build/index.js');
