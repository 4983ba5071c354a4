// The segmenter against a table of hard news cases. Each row is one input written with " | " (or "|"
// where the text has no space) at every sentence boundary the segmenter must find, and nowhere else.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/nlp/sentences.ts';
import { exactSentenceShare } from '../eval/sentence-share.ts';
import { corpusPath, loadCorpus, missingCorpusMessage } from '../support/corpora.ts';
import { growthOfFourfold } from '../support/timing.ts';

const ONE_LINE_CASES: string[] = [
  "Mr. Sharif met Dr. Khan on Monday. | They spoke for an hour.",
  "Gen. Asim Munir visited the front. | Troops cheered.",
  "Lt. Gen. Ahmed Sharif briefed reporters. | He gave no numbers.",
  "Brig. Ali and Col. Raza were present. | The meeting ended.",
  "Maj. Gen. Babar Iftikhar spoke first. | Questions followed.",
  "Sen. Mushahid Hussain chaired the session. | It lasted two hours.",
  "Gov. Kundi signed the order. | It takes effect today.",
  "Capt. Ahmed led the patrol. | Nobody was hurt.",
  "Prof. Hoodbhoy disagreed. | He called the plan unworkable.",
  "Mrs. Bhutto and Ms. Rehman arrived. | The crowd cheered.",
  "He lives on St. Mary's Road. | It is near the cantonment.",
  "The bill was tabled as No. 7 on the agenda. | Debate followed.",
  "The convoy left the U.S. base at dawn. | It reached Kabul by noon.",
  "The U.N. Security Council met on Friday. | It issued no statement.",
  "The U.K. government welcomed the move. | Others were silent.",
  "The attack happened in the U.S. | The suspect was arrested.",
  "He flew to the U.S. | But the talks failed.",
  "U.S. officials declined to comment. | The embassy was closed.",
  "The U.S. Army withdrew. | The base was handed over.",
  "Talks resumed on Jan. 12 in Doha. | Both sides attended.",
  "The ceasefire began on Oct. 5 and held. | Violence fell.",
  "The deal was signed in Dec. | The army welcomed it.",
  "The ministry opened on Feb. 3. | Staff moved in.",
  "The blast happened at 9 a.m. on Tuesday. | Police cordoned off the area.",
  "The blast happened at 9 a.m. | The police arrived later.",
  "The meeting ended at 10.30pm. | Ministers left.",
  "Engro Corp. said profits rose. | Shares gained.",
  "He joined Acme Inc. in 2010. | He left in 2014.",
  "The firm sold bonds, shares, etc. | The sale raised Rs1.2 billion.",
  "Some provinces, e.g. Punjab and Sindh, objected. | Balochistan agreed.",
  "Smaller groups, i.e. the splinter factions, refused. | The rest signed.",
  "A. Q. Khan died in 2021. | He was 85.",
  "The scientist Dr. A. Q. Khan spoke. | Reporters listened.",
  "George W. Bush met Gen. Musharraf. | They discussed Afghanistan.",
  "Group A. | The first team qualified.",
  "Inflation rose to 3.5 percent. | Prices climbed.",
  "The budget is Rs1.2 billion. | It was approved.",
  "The rupee fell 0.75% against the dollar. | Traders were nervous.",
  "He scored 10.5 points on average. | The team lost.",
  "The loss was $3.2bn ($1.7bn net). | Investors fled.",
  "Profit was £75m ($141m). | Shares rose.",
  "He paused... | Then he continued.",
  "We are waiting... and waiting.",
  "Regional states, such as... Iran and China, attended.",
  "He said it was over… | The room fell silent.",
  "“It is only in the media,” Asif said. | He smiled.",
  "\"We will respond,\" he said. | The briefing ended.",
  "He said: “We will not accept this.” | Then he left.",
  "He said: \"We will not accept this.\" | Then he left.",
  "“Why now?” Khan asked. | Nobody answered.",
  "\"Stop!\" the officer shouted. | The crowd dispersed.",
  "“Is it over?” he asked. | It was.",
  "Who fired first? | Nobody knows.",
  "Stop firing! | The order came too late.",
  "The army (which denied involvement) said nothing. | Critics were unconvinced.",
  "The ministry declined to comment. | (A spokesman was unavailable.) | Reporters waited.",
  "Several militants were killed (see map). | The operation continues.",
  "The group is based in Kunar (Afghanistan). | It claimed the attack.",
  "ISLAMABAD: Defence Minister Khawaja Asif said support remains unchanged. | He urged action.",
  "PESHAWAR, Oct 12 (APP): Security forces killed five militants. | Two soldiers died.",
  "KABUL, Afghanistan (Dec. 02) - ISAF forces detained a suspect. | No shots were fired.",
  "LAHORE, Nov. 3: The court adjourned the case. | Hearing resumes Monday.",
  "QUETTA (Reuters) — A blast killed three. | Police investigated.",
  "The vote was 5-3. | The motion passed.",
  "The region saw 1,200 attacks in 2023. | Most were in the north-west.",
  "He was born in 1952. | He joined the army in 1971.",
  "The operation was named Zarb-e-Azb. | It began in 2014.",
  "iPhone sales rose. | eBay shares fell.",
  "The firm cut prices. | iPhone sales rose anyway.",
  "He said the plan had failed. the minister disagreed.",
  "The death toll rose to 12. | 3 more bodies were found later.",
  "No. | The minister said no.",
  "Asked if he would stand again, he replied: \"No. | Definitely not.\"",
  "No. | Definitely not.",
  "The bill was listed as No. 7 and passed. | It became law.",
  "Al-Qaeda was blamed. | The Taliban denied it.",
  "The Tehreek-e-Taliban Pakistan (TTP) claimed it. | Officials confirmed.",
  "پاکستان زندہ باد. | The crowd chanted.",
  "He said \"enough\". | Then he walked out.",
  "The talks, he said, \"went well.\" | Both sides agreed.",
  "It ended.|The next round begins soon.",
  "That was that...|Nobody spoke.",
  "The army said 12 militants died!!! | Locals disputed it.",
  "Really?! | Nobody believed it.",
  "The meeting ended?? | Yes.",
  "Security was tight. | 🙂 Everyone was calm.",
  "Mr. and Mrs. Khan attended. | They left early.",
  "The attack occurred near Mt. Everest base camp. | Climbers were safe.",
  "The bill passed vs. expectations. | The opposition walked out.",
  "Fig. 3 shows the trend. | It is rising.",
  "Sales rose in Q3. | Costs fell.",
  "The U.S.-led coalition withdrew. | Afghanistan changed.",
  "Ties with the U.S.A. are strained. | Talks continue.",
  "The final score was 2-1. | Fans celebrated.",
  "At 3 p.m. Pakistan time the strike began. | It lasted an hour.",
  "The suspects were Jr. members. | Seniors escaped.",
  "Tariq Jr. said he would run. | His father agreed.",
  "Tariq Jr. | The son of the late leader, he is popular.",
  "The Gen. Secretary resigned. | A replacement was named.",
  "Shares of Lucky Cement Ltd. rose. | The index gained.",
  "Shares of Lucky Cement Ltd. | The index gained.",
  "He said, \"No.\" | The room went quiet.",
];

// Line breaks: headings without end punctuation, lists, blank lines, and hard-wrapped prose.
const MULTI_LINE_CASES: [string, string[]][] = [
  ['No Practical Change on Ground\nThe minister said nothing had changed.', ['No Practical Change on Ground', 'The minister said nothing had changed.']],
  ['Concerns Over Border Security\nPakistan raised concerns. Kabul denied them.', ['Concerns Over Border Security', 'Pakistan raised concerns.', 'Kabul denied them.']],
  ['The demands were:\n- a ceasefire\n- prisoner swaps\n- talks', ['The demands were:', '- a ceasefire', '- prisoner swaps', '- talks']],
  ['Steps agreed:\n1. Troops withdraw.\n2. Observers deploy.', ['Steps agreed:', '1. Troops withdraw.', '2. Observers deploy.']],
  ['• Border closed\n• Trade halted', ['• Border closed', '• Trade halted']],
  ['The first paragraph has no full stop\n\nThe second one does.', ['The first paragraph has no full stop', 'The second one does.']],
  ['The security forces launched an operation in the district early on Monday after\nreceiving intelligence reports.', ['The security forces launched an operation in the district early on Monday after\nreceiving intelligence reports.']],
  ['The minister, speaking to reporters outside parliament on Tuesday evening, said\nPakistan would respond.', ['The minister, speaking to reporters outside parliament on Tuesday evening, said\nPakistan would respond.']],
  ['Militants attacked a checkpost in the district and\nfled towards the border.', ['Militants attacked a checkpost in the district and\nfled towards the border.']],
  ['He left.\r\nShe stayed.', ['He left.', 'She stayed.']],
  ['   Leading and trailing space.   ', ['Leading and trailing space.']],
  ['A sentence without a full stop', ['A sentence without a full stop']],
  ['', []],
  ['   \n\n  ', []],
  ['... !!! ???', []],
];

describe('splitSentences on hard news cases', () => {
  it('has a table of at least 100 cases', () => {
    expect(ONE_LINE_CASES.length + MULTI_LINE_CASES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(ONE_LINE_CASES)('%s', (row) => {
    const glued = /[^ ]\|[^ ]/.test(row);
    const sentences = row.split(glued ? '|' : ' | ');
    const input = sentences.join(glued ? '' : ' ');
    expect(splitSentences(input).map((s) => s.text)).toEqual(sentences);
  });

  it.each(MULTI_LINE_CASES)('%j', (input, sentences) => {
    expect(splitSentences(input).map((s) => s.text)).toEqual(sentences);
  });

  it('gives offsets into the text it was given', () => {
    const text = '  ISLAMABAD: Asif spoke.  “It is only in the media,” he said.\n\nNo change. ';
    for (const span of splitSentences(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('splitSentences on hostile input', () => {
  const hostile = [
    '.'.repeat(50_000),
    'a.'.repeat(25_000),
    'Mr. '.repeat(12_000),
    '"'.repeat(20_000) + ' Word.',
    '(((((' + 'x '.repeat(20_000),
    'word '.repeat(10_000) + 'end', // one 50,000-character sentence
    '🙂🔥'.repeat(10_000),
    'پاکستان میں امن ہے۔ '.repeat(2_000),
    'שלום. עולם! '.repeat(3_000),
    '\n'.repeat(30_000),
    '?! '.repeat(15_000),
    'U.S. '.repeat(10_000),
    '“Why?” Khan asked. '.repeat(3_000),
  ];

  it.each(hostile.map((text, i) => [i, text] as const))('case %i never throws and keeps offsets', (_i, text) => {
    const spans = splitSentences(text);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('never throws on 10,000 random strings', () => {
    const alphabet = ['a', 'B', ' ', '.', '.', '?', '!', '…', '"', '“', '”', '(', ')', '\n', 'Mr', 'U.S.', '1', 'ب', '🙂', '\u200f', '\t'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 10_000; i++) {
      let text = '';
      const length = random(80);
      for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
      for (const span of splitSentences(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
    }
  });

  it('stays linear: 4x the input takes about 4x the time, not 16x', () => {
    const unit = 'Mr. Khan met Gen. Asim in the U.S. on Jan. 5... “Why?” he asked. (APP) ';
    expect(growthOfFourfold((n) => splitSentences(unit.repeat(n)), 1_000)).toBeLessThan(10);
  });
});

describe('splitSentences on BBC articles', () => {
  const file = corpusPath('bbc');
  it.skipIf(!file)(file ? 'returns 99% of reference sentences as exactly one sentence' : missingCorpusMessage('bbc'), () => {
    const records = loadCorpus<{ text: string; reference: string }>('bbc')!;
    const share = exactSentenceShare(records);
    expect(share.found / share.total).toBeGreaterThanOrEqual(0.99);
  });
});
