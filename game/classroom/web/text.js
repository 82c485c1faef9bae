// Words and numbers a person reads on the class pages (index.html, projector.html): English
// msgids through _(), translated from the game's catalogs (/api/text, loadText) into the page's
// language (<html lang>, which the server sets from ?lang= or Accept-Language), and numbers the
// locale's way (0,05 in German); the data stays plain JSON numbers. Babel's extractor reads the
// _("...") calls of each page's own script, but not inside a `template ${...}`: call _() outside.
"use strict";

const LANG = document.documentElement.lang || "en";
let TEXT = {};

function _(message, fields = {}) {
  let out = TEXT[message] || message;
  for (const [name, value] of Object.entries(fields)) out = out.split(`{${name}}`).join(String(value));
  return out;
}

async function loadText() {
  TEXT = (await (await fetch(`/api/text?lang=${LANG}`)).json()).text;
}

function numberText(value, digits = 3) {
  if (Number.isInteger(value)) return value.toLocaleString(LANG);
  return Number(value.toPrecision(digits)).toLocaleString(LANG, { maximumSignificantDigits: digits });
}
