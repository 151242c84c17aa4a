// Which features of an email's HTML and CSS some mail clients do not support, by
// caniemail.com's data, through doiuse-email (pinned in package.json).
//
//   node check.mjs EMAIL.html NAME=GLOB[,GLOB...] [NAME=GLOB[,GLOB...] ...]
//   node check.mjs build/may-2020/email.html gmail='gmail.*' outlook=outlook.windows,outlook.windows-mail
//
// prints one JSON object:
//
//   {"doiuse-email": "0.4.1", "caniemail": "2023-10-10 15:06:18 +0000",
//    "groups": {"gmail": {"clients": ["gmail.desktop-webmail", ...],
//                         "errors": {"overflow-wrap": {"gmail.android": 3, ...}, ...},
//                         "count": 12}, ...}}
//
// "errors" are what doiuse-email reports as not supported (not partial support),
// grouped by feature, then by client, with how many times each was found. The file
// is parsed as HTML, as doiuse-email does: CSS inside Outlook's conditional comments
// (<!--[if mso]>...<![endif]-->) is a comment to it, and so not checked.
//
// Client globs are doiuse-email's (micromatch over its list of clients). Outlook.com
// is in caniemail's data that doiuse-email ships (as outlook.outlook-com) but not in
// its list of clients, so the exact name outlook.com (or outlook.outlook-com) is
// checked by giving that client to the checker directly.

import { readFileSync } from 'node:fs';
import process from 'node:process';
import { DoIUseEmail } from 'doiuse-email';

const OUTLOOK_COM = 'outlook.outlook-com';
const ERROR = /^`(.+)` is not supported by `([^`]+)`$/;

function packageFile(relative) {
  return JSON.parse(readFileSync(new URL(`./node_modules/doiuse-email/${relative}`, import.meta.url), 'utf8'));
}

function usage(message) {
  process.stderr.write(`check.mjs: ${message}\nusage: node check.mjs EMAIL.html NAME=GLOB[,GLOB...] ...\n`);
  process.exit(2);
}

function checker(globs) {
  const outlookCom = globs.filter((glob) => glob === 'outlook.com' || glob === OUTLOOK_COM);
  const others = globs.filter((glob) => !outlookCom.includes(glob));
  // The constructor throws when its globs match no client: a misspelt glob is an error, never an
  // empty group. A group of Outlook.com alone is built on a stand-in client, then given Outlook.com only.
  const doiuse = new DoIUseEmail({ emailClients: others.length > 0 ? others : ['outlook.macos'] });
  if (others.length === 0) doiuse.emailClients = [];
  if (outlookCom.length > 0) doiuse.emailClients.push(OUTLOOK_COM);
  return doiuse;
}

function grouped(errors) {
  const byFeature = {};
  for (const message of errors) {
    const match = ERROR.exec(message);
    // A message of another form is kept whole, under itself: nothing is dropped.
    const [feature, client] = match ? [match[1], match[2]] : [message, '?'];
    byFeature[feature] ??= {};
    byFeature[feature][client] = (byFeature[feature][client] ?? 0) + 1;
  }
  return byFeature;
}

const [file, ...groupArgs] = process.argv.slice(2);
if (file === undefined || groupArgs.length === 0) usage('give an HTML file and at least one NAME=GLOB[,GLOB...]');
const html = readFileSync(file, 'utf8');

const groups = {};
for (const arg of groupArgs) {
  const equals = arg.indexOf('=');
  if (equals <= 0) usage(`${arg}: not NAME=GLOB[,GLOB...]`);
  const name = arg.slice(0, equals);
  const globs = arg.slice(equals + 1).split(',').filter(Boolean);
  if (globs.length === 0) usage(`${arg}: no client globs`);
  const doiuse = checker(globs);
  const result = doiuse.check(html);
  const errors = result.errors ?? [];
  groups[name] = { clients: [...doiuse.emailClients], errors: grouped(errors), count: errors.length };
}

process.stdout.write(`${JSON.stringify({
  'doiuse-email': packageFile('package.json').version,
  caniemail: packageFile('data/can-i-email.json').last_update_date,
  groups,
}, null, 1)}\n`);
