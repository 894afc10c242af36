// Does a name shown on a webmail chip resemble a tracked contact's name? Pure: words only.
// A chip that shows only a name ("Carol P.") is matched to a contact by its exact name or
// one of its aliases (views.js); failing that, a name that *resembles* a tracked one is
// only asked about ("Is this Carol Partner (Acme)?"), never assumed.
//
// Two names resemble when, ignoring case, punctuation and a parenthesised part
// ("(Acme)"), they have the same number of words and the words pair up, in any order,
// each pair equal or one an initial of the other ("P." for "Partner"), with at least one
// whole word equal ("C. P." resembles nobody: too little to ask about).

/** The words of a name: lowercased, parenthesised parts dropped, letters and digits only. */
export function words(name) {
  return String(name ?? '')
    .replace(/\([^()]*\)/g, ' ')
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter(Boolean);
}

const initialOf = (short, long) => short.length === 1 && long.length > 1 && long.startsWith(short);

/** Do names `a` and `b` resemble each other (see above)? Equal word lists do too. */
export function resembles(a, b) {
  const left = words(a);
  const right = words(b);
  if (!left.length || left.length !== right.length) return false;
  // Whole words first (in any order), then the rest paired as initials.
  const rest = [...right];
  const unmatched = [];
  for (const word of left) {
    const i = rest.indexOf(word);
    if (i >= 0 && word.length > 1) rest.splice(i, 1);
    else unmatched.push(word);
  }
  if (unmatched.length === left.length) return false;
  for (const word of unmatched) {
    const i = rest.findIndex((other) => other === word || initialOf(word, other) || initialOf(other, word));
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return true;
}

/** The names of `known` that `name` resembles without being written the same (case, spaces aside). */
export function resembling(name, known) {
  const same = (x) => words(x).join(' ');
  return known.filter((other) => same(other) !== same(name) && resembles(name, other));
}
