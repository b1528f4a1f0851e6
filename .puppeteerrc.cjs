/**
 * Never download a browser at install: CI and developers' machines have no route to the browser hosts, and the
 * SVG/PNG renderer and the browser tests use the system Chromium (`apt-get install chromium`, or --browser).
 * puppeteer's postinstall reads this file from the project root.
 */
module.exports = { skipDownload: true };
