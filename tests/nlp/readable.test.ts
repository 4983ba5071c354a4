import { describe, expect, it } from 'vitest';
import { isBoilerplateSentence, readability, readableText, sentenceOpener } from '../../src/nlp/readable.ts';

const inOneParagraph = (...texts: string[]) => texts.map((text) => ({ text, paragraph: 0 }));

describe('sentenceOpener', () => {
  it('finds pronouns and connectives that point at an earlier sentence', () => {
    expect(sentenceOpener('He said the convoy was attacked near the border.')).toBe('pronoun');
    expect(sentenceOpener('They were taken to hospital.')).toBe('pronoun');
    expect(sentenceOpener('It was not clear who fired first.')).toBe('pronoun');
    expect(sentenceOpener('However, the ministry denied the report.')).toBe('connective');
    expect(sentenceOpener('Earlier in the day, a bomb went off in the market.')).toBe('connective');
    expect(sentenceOpener('On the other hand, traders kept their shops open.')).toBe('connective');
  });

  it('leaves sentences that name their subject alone, including words that only start like a pronoun', () => {
    expect(sentenceOpener('The provincial government announced compensation.')).toBeNull();
    expect(sentenceOpener('Heavy rain flooded the valley on Monday.')).toBeNull();
    expect(sentenceOpener('Italy’s envoy met the minister.')).toBeNull();
    expect(sentenceOpener('Theirs was the only shop left open.')).toBeNull();
    expect(sentenceOpener('Butcher shops stayed closed for Eid.')).toBeNull();
    expect(sentenceOpener('This week, the council approved the new budget.')).toBeNull();
    expect(sentenceOpener('These days the market closes at six.')).toBeNull();
    expect(sentenceOpener('This was the third attack in a month.')).toBe('pronoun');
  });
});

describe('quotation fragments', () => {
  it('marks every piece of a quotation that runs over several sentences, and no whole one', () => {
    const checks = readability(inOneParagraph(
      'The minister spoke to reporters after the meeting.',
      '“We will not allow anyone to attack our posts.',
      'Our forces are ready.',
      'The nation stands with them,” he said.',
      '“This is a whole quotation,” the spokesman said.',
    ));
    expect(checks.map((c) => c.quotationFragment)).toEqual([false, true, true, true, false]);
  });

  it('tells the opening piece that names its speaker from the pieces that do not', () => {
    const checks = readability(inOneParagraph(
      'The district officer told reporters: “The road will reopen on Monday.',
      'Repairs need two more days.',
      'Traffic will be diverted,” he added.',
      '“Nobody was hurt.',
      'The guards were off duty,” a resident said.',
    ));
    expect(checks.map((c) => c.attributedOpening)).toEqual([true, false, false, false, false]);
    expect(checks.map((c) => c.quotationFragment)).toEqual([true, true, true, true, true]);
  });

  it('reads a mark that opens a sentence as a new quotation where paragraphs were run together', () => {
    const checks = readability(inOneParagraph(
      'The coach said: "We played well in the first half.',
      '"The second half was a different story."',
      'The team travel to the capital on Sunday.',
    ));
    expect(checks.map((c) => c.quotationFragment)).toEqual([true, false, false]);
    expect(checks[0]!.attributedOpening).toBe(true);
  });

  it('shows the attributed opening piece with the closing mark it lacks, and every other sentence as it is', () => {
    const opening = 'The district officer said: “The road will reopen on Monday. ';
    expect(readableText({ text: opening, components: { closingMark: 1 } })).toBe('The district officer said: “The road will reopen on Monday.”');
    expect(readableText({ text: 'He said: "We are ready.', components: { closingMark: 1 } })).toBe('He said: "We are ready."');
    expect(readableText({ text: 'The road reopened on Monday.', components: {} })).toBe('The road reopened on Monday.');
    expect(readableText({ text: 'The road reopened on Monday.' })).toBe('The road reopened on Monday.');
  });

  it('starts each paragraph outside a quotation, so one unclosed mark does not spoil the next paragraph', () => {
    const checks = readability([
      { text: '“The talks will resume next week.', paragraph: 0 },
      { text: 'Officials confirmed the date on Friday.', paragraph: 1 },
    ]);
    expect(checks.map((c) => c.quotationFragment)).toEqual([true, false]);
  });

  it('measures the share of a sentence inside quotation marks', () => {
    const [whole, none] = readability(inOneParagraph('“All of this is quoted.”', 'None of this is.'));
    expect(whole!.quotedShare).toBeGreaterThan(0.9);
    expect(none!.quotedShare).toBe(0);
  });
});

describe('isBoilerplateSentence', () => {
  it('finds datelines alone, bullets, footers, captions and a dateline run into other words', () => {
    expect(isBoilerplateSentence('PESHAWAR, Sep 16 (APP):')).toBe(true);
    expect(isBoilerplateSentence('• Talks to resume next week')).toBe(true);
    expect(isBoilerplateSentence('Talks to resume • Envoy named')).toBe(true);
    expect(isBoilerplateSentence('Published in Dawn, March 3rd, 2026')).toBe(true);
    expect(isBoilerplateSentence('Header image: A view of the valley.')).toBe(true);
    expect(isBoilerplateSentence('Envoys named for the new round of talks KABUL: The foreign ministry said on Monday.')).toBe(true);
  });

  it('keeps a lead that opens with its dateline, and acronyms inside prose', () => {
    expect(isBoilerplateSentence('QUETTA: Two policemen were injured in a blast on Monday.')).toBe(false);
    expect(isBoilerplateSentence('The ISPR said the NATO convoy was not affected.')).toBe(false);
    expect(isBoilerplateSentence('The statement was published in the gazette on Monday.')).toBe(false);
  });
});
