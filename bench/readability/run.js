#!/usr/bin/env node
// Mozilla Readability on jsdom, timed on the pages bench/extract_speed.c
// reads, with the same policy: every page in memory before the clock
// starts, one untimed warm-up round, then N timed rounds over all pages on
// one thread; the median round is reported, the best one too, in wall time
// and in the process's CPU time (which includes V8's garbage collector
// threads).
//
//   node run.js [--rounds N] [--parse-rounds N] DIR
//
// DIR is articlebench (html/ with *.html.gz, and ground-truth.json for each
// page's URL) or a folder of *.html / *.html.gz pages. Each page is handed
// to jsdom as bytes, so jsdom sniffs its encoding as a browser would (tidings
// decodes the charset too). "parse" times `new JSDOM(...)` alone, after
// the Readability phase has warmed the JIT, in --parse-rounds rounds (as
// many as --rounds unless told; 0 skips it): it costs nearly as much as
// Readability itself.
// Prints one JSON line.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

function usage() {
  process.stderr.write("usage: node run.js [--rounds N] [--parse-rounds N] DIR\n");
  process.exit(2);
}

let rounds = 5, parseRounds = null, dir = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--rounds" && i + 1 < argv.length) {
    rounds = parseInt(argv[++i], 10);
    if (!(rounds >= 1)) usage();
  } else if (argv[i] === "--parse-rounds" && i + 1 < argv.length) {
    parseRounds = parseInt(argv[++i], 10);
    if (!(parseRounds >= 0)) usage();
  } else if (argv[i].startsWith("-") || dir) {
    usage();
  } else {
    dir = argv[i];
  }
}
if (!dir) usage();

function load(root) {
  let pagesDir = path.join(root, "html");
  if (!fs.existsSync(pagesDir)) pagesDir = root;
  // Byte order, as the C side's strcmp.
  const names = fs.readdirSync(pagesDir)
    .filter((n) => n.endsWith(".html") || n.endsWith(".html.gz"))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!names.length) {
    process.stderr.write(`run.js: no *.html or *.html.gz pages in ${root}\n`);
    process.exit(2);
  }
  let truth = {};
  const gt = path.join(root, "ground-truth.json");
  if (fs.existsSync(gt)) truth = JSON.parse(fs.readFileSync(gt, "utf8"));
  return names.map((name) => {
    let data = fs.readFileSync(path.join(pagesDir, name));
    if (name.endsWith(".gz")) data = zlib.gunzipSync(data);
    const key = name.replace(/\.html(\.gz)?$/, "");
    return { name, url: (truth[key] && truth[key].url) || undefined, data };
  });
}

const pages = load(dir);
const bytes = pages.reduce((s, p) => s + p.data.length, 0);
const quiet = new VirtualConsole(); // drop jsdom's CSS and markup complaints

function dom(p) {
  return new JSDOM(p.data, { url: p.url, virtualConsole: quiet });
}

// A page jsdom or Readability throws on counts as failed.
function readability(p, t) {
  let d = null;
  try {
    d = dom(p);
    const a = new Readability(d.window.document).parse();
    if (a) {
      t.ok++;
      t.body += (a.textContent || "").length;
      if (a.title) t.titles++;
    } else {
      t.failed++;
    }
  } catch (e) {
    t.failed++;
  } finally {
    if (d) d.window.close();
  }
}

function parse(p, t) {
  try {
    dom(p).window.close();
    t.ok++;
  } catch (e) {
    t.failed++;
  }
}

// A round over all pages: its seconds, its tally, and per-page times in ms
// when perPage is given.
function round(fn, perPage) {
  const t = { ok: 0, failed: 0, body: 0, titles: 0 };
  const c0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const p of pages) {
    const t0 = perPage ? process.hrtime.bigint() : 0n;
    fn(p, t);
    if (perPage) perPage.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const c = process.cpuUsage(c0);
  t.cpu = (c.user + c.system) / 1e6;
  return [wall, t];
}

// warmup: one untimed round first (its per-page times are reported);
// without it the per-page times are the first timed round's.
function phase(name, fn, rounds, warmup) {
  const perPage = [];
  let warm = null;
  if (warmup) warm = round(fn, perPage)[1];
  const secs = [], cpu = [];
  for (let k = 0; k < rounds; k++) {
    const [s, t] = round(fn, warm ? null : perPage);
    if (!warm) warm = t;
    secs.push(s);
    cpu.push(t.cpu);
  }
  cpu.sort((a, b) => a - b);
  const cpuMedian = cpu.length % 2 ? cpu[(cpu.length - 1) / 2]
    : (cpu[cpu.length / 2 - 1] + cpu[cpu.length / 2]) / 2;
  secs.sort((a, b) => a - b);
  const n = secs.length;
  const median = n % 2 ? secs[(n - 1) / 2] : (secs[n / 2 - 1] + secs[n / 2]) / 2;
  const sorted = perPage.slice().sort((a, b) => a - b);
  let slowest = 0;
  perPage.forEach((ms, i) => { if (ms > perPage[slowest]) slowest = i; });
  const r = {
    seconds: +median.toFixed(4),
    best_seconds: +secs[0].toFixed(4),
    worst_seconds: +secs[secs.length - 1].toFixed(4),
    pages_per_s: +(pages.length / median).toFixed(2),
    mb_per_s: +(bytes / 1e6 / median).toFixed(3),
    best_pages_per_s: +(pages.length / secs[0]).toFixed(2),
    cpu_seconds: +cpuMedian.toFixed(4),
    cpu_pages_per_s: +(pages.length / cpuMedian).toFixed(2),
    page_ms_p50: +sorted[Math.floor(pages.length / 2)].toFixed(3),
    page_ms_p99: +sorted[Math.min(pages.length - 1, Math.floor(pages.length * 0.99))].toFixed(3),
    page_ms_max: +perPage[slowest].toFixed(3),
    ok: warm.ok,
    failed: warm.failed,
    slowest_page: pages[slowest].name,
    maxrss_kb: process.resourceUsage().maxRSS,
  };
  if (name === "extract") {
    r.body_chars = warm.body;
    r.with_title = warm.titles;
  }
  return r;
}

const out = {
  tool: "readability",
  version: require("@mozilla/readability/package.json").version,
  jsdom: require("jsdom/package.json").version,
  node: process.version,
  pages: pages.length,
  bytes,
  rounds,
  threads: 1,
};
out.extract = phase("extract", readability, rounds, true);
if (parseRounds === null) parseRounds = rounds;
if (parseRounds > 0) {
  out.parse = phase("parse", parse, parseRounds, false);
  out.parse.rounds = parseRounds;
}
process.stdout.write(JSON.stringify(out) + "\n");
