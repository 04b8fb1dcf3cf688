// Starts the built server for `npm start`. adapter-node assumes https when ORIGIN is unset, which would
// refuse every form post on http://localhost; default ORIGIN to the local address unless it is given.
const port = process.env.PORT ?? '3000';
process.env.ORIGIN ??= `http://localhost:${port}`;
// adapter-node refuses bodies over 512 KB by default, with a bare 413. The app checks each form's
// own limit itself (256 KB, 5 MB for the spreadsheet import, in French): this is the outer bound.
process.env.BODY_SIZE_LIMIT ??= String(6 * 1024 * 1024);
await import('../build/index.js');
