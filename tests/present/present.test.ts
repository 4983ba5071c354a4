// The one policy for showing quotes, stories and day windows (src/present/).
import { describe, expect, it } from 'vitest';
import { clampDays, MAX_DAYS, windowDays, windowStart } from '../../src/present/days.ts';
import { hedgedSpeakerLabel, keyQuote, quotationText, speakerLabel } from '../../src/present/quotes.ts';
import { storySummary } from '../../src/present/story.ts';
import { clip } from '../../src/present/text.ts';

const quote = (over: Partial<{ text: string; speaker: string | null; role: string | null; cue: string | null; partial: boolean; confidence: number }> = {}) => ({
  text: 'We will not allow the border to be used for attacks,',
  speaker: 'Ayesha Malik',
  role: 'spokesperson',
  cue: 'said',
  partial: false,
  ...over,
});

describe('quotes as shown', () => {
  it('drops the punctuation that led into "…, she said", and clips long words at a word', () => {
    expect(quotationText(quote())).toBe('“We will not allow the border to be used for attacks”');
    expect(quotationText(quote({ text: '  Enough ; ' }))).toBe('“Enough”');
    expect(quotationText(quote(), 20)).toBe('“We will not allow…”');
  });

  it('labels the speaker with the role, and hedges an inferred or uncertain one in lists', () => {
    expect(speakerLabel(quote())).toBe('Ayesha Malik, spokesperson');
    expect(speakerLabel(quote({ speaker: null }))).toBe('Speaker not named');
    expect(hedgedSpeakerLabel(quote({ cue: null }))).toBe('Ayesha Malik, spokesperson (inferred)');
    expect(hedgedSpeakerLabel(quote({ confidence: 0.05 }))).toBe('Ayesha Malik, spokesperson (attribution uncertain)');
    expect(hedgedSpeakerLabel(quote())).toBe('Ayesha Malik, spokesperson');
  });

  it('takes a cue-attributed quotation for a story, a whole one before a fragment, never an inferred speaker', () => {
    const inferred = quote({ cue: null, text: 'inferred' });
    const fragment = quote({ partial: true, text: 'fragment' });
    const whole = quote({ text: 'whole' });
    expect(keyQuote([inferred, fragment, whole])?.text).toBe('whole');
    expect(keyQuote([inferred, fragment])?.text).toBe('fragment');
    expect(keyQuote([inferred, quote({ speaker: null })])).toBeNull();
  });
});

describe('stories and windows', () => {
  it('tells a story in the summariser’s picks, or its first sentences when there are none', () => {
    const picked = [0, 1, 2].map((index) => ({ index, summaryRank: index === 2 ? 0 : index === 0 ? 1 : null }));
    expect(storySummary(picked).map((s) => s.index)).toEqual([0, 2]);
    const unpicked = [0, 1, 2].map((index) => ({ index, summaryRank: null }));
    expect(storySummary(unpicked).map((s) => s.index)).toEqual([0, 1]);
  });

  it('counts the last N calendar days up to today, and clamps a days option', () => {
    const now = new Date('2025-09-13T23:30:00Z');
    expect(windowDays(now, 3)).toEqual(['2025-09-11', '2025-09-12', '2025-09-13']);
    expect(windowStart(now, 3)).toBe('2025-09-11');
    expect(windowStart(now, 1)).toBe('2025-09-13');
    expect([clampDays(0), clampDays(7.9), clampDays(10_000)]).toEqual([1, 7, MAX_DAYS]);
  });

  it('clips at a word boundary without a dangling comma', () => {
    expect(clip('Short enough', 20)).toBe('Short enough');
    expect(clip('Troops moved in, and then the  convoy left the area', 24)).toBe('Troops moved in, and…');
  });
});
