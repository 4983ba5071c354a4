// Event signatures, on sentences written for these tests.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { actorsIn, casualtiesIn, dayNumber, eventSignature, isCommentary, localPlaces, occurrenceDay, placesIn } from '../../src/nlp/signature.ts';
import { tempDir } from '../support/store.ts';

const signature = (title: string, lead: string, published = '2025-03-05') =>
  eventSignature({ title, leadSentences: [lead], published, body: lead, printed: false, dateline: null });

describe('event signatures', () => {
  it('normalises the state’s names for militant groups and the military’s media wing', () => {
    expect(actorsIn('Troops killed five members of Fitna al-Khawarij')).toContain('ttp');
    expect(actorsIn('six khwarij were killed')).toContain('ttp');
    expect(actorsIn('terrorists of Fitna al Hindustan')).toContain('baloch-militants');
    expect(actorsIn('the military’s media wing said')).toContain('ispr');
  });

  it('reads an office as the actor and a person as its holder only while in office (data/actors.json)', () => {
    const day = (iso: string) => dayNumber(iso);
    expect(actorsIn('The KP chief minister visited the district', day('2019-05-01'))).toEqual(['cm-kp']);
    expect(actorsIn('Chief Minister of Khyber Pakhtunkhwa said', day('2031-01-01'))).toEqual(['cm-kp']);
    // One man, two offices at two times; a name alone is read with the date of the article.
    expect(actorsIn('Sarfraz Bugti said', day('2023-10-01'))).toEqual(['interior-minister']);
    expect(actorsIn('Sarfraz Bugti said', day('2025-10-01'))).toEqual(['cm-balochistan']);
    expect(actorsIn('Gandapur said', day('2025-06-01'))).toEqual(['cm-kp']);
    expect(actorsIn('Gandapur said', day('2025-11-20'))).toEqual([]);
    expect(actorsIn('Sohail Afridi said', day('2025-11-20'))).toEqual(['cm-kp']);
    // Without a date every holder counts.
    expect(actorsIn('Gandapur said')).toEqual(['cm-kp']);
  });

  it('keeps another state’s president, and acronyms in lower case, out of the actors', () => {
    expect(actorsIn('President Zardari met President Erdogan')).toEqual(['president']);
    expect(actorsIn('He met President Tinubu and the President of Kenya')).toEqual([]);
    expect(actorsIn('The President condemned the attack')).toEqual(['president']);
    expect(actorsIn('The meeting ended at 5 pm')).toEqual([]);
    expect(actorsIn('The UN Security Council met')).toEqual(['unsc']);
  });

  it('places a tehsil inside its district, and ignores capitals that stand for governments', () => {
    expect(placesIn('A blast in Mir Ali wounded two')).toEqual(['Mir Ali']);
    expect(localPlaces('Mir Ali')).toEqual(['Mir Ali', 'North Waziristan']);
    expect(localPlaces('Datta Khel')).toContain('North Waziristan');
    expect(placesIn('Islamabad said talks in Kabul would resume')).toEqual([]);
    expect(placesIn('the water tank was empty')).toEqual([]);
  });

  it('takes places from a standfirst too, when the lead retells the event from elsewhere', () => {
    const input = {
      title: 'Envoys trade words at the council', leadSentences: ['A rare rift opened at the council over the raid.'],
      published: '2025-03-05', body: 'A rare rift opened at the council over the raid.', printed: true, dateline: 'NEW YORK',
    };
    expect(eventSignature(input).places).toEqual([]);
    expect(eventSignature({ ...input, highlights: ['Envoy recalls the raid on a compound in Mir Ali'] }).places).toEqual(['Mir Ali']);
  });

  it('reads casualty figures in words and digits, and an updated toll', () => {
    expect(casualtiesIn('Four soldiers were martyred and 12 terrorists killed')).toEqual([4, 12]);
    expect(casualtiesIn('the death toll rose to 15 on Wednesday')).toEqual([15]);
  });

  it('dates the occurrence against the publication day', () => {
    const wednesday = dayNumber('2025-03-05')!;
    expect(occurrenceDay('The attack took place on Monday night.', wednesday)).toBe(wednesday - 2);
    expect(occurrenceDay('Police said on Wednesday that', wednesday)).toBe(wednesday);
    expect(occurrenceDay('The convoy was hit yesterday.', wednesday)).toBe(wednesday - 1);
    expect(occurrenceDay('The meeting on March 3 agreed', wednesday)).toBe(wednesday - 2);
    expect(occurrenceDay('No day is given.', wednesday)).toBeNull();
    expect(occurrenceDay('Envoys clashed during Monday’s session of the council.', wednesday)).toBe(wednesday - 2);
    expect(occurrenceDay("Tuesday's raid left the market shut.", wednesday)).toBe(wednesday - 1);
    expect(occurrenceDay('The Sundays of the season are quiet.', wednesday)).toBeNull();
  });

  it('tells an attack, an operation, a reaction by another actor, and a meeting apart', () => {
    expect(signature('Suicide bomber strikes convoy in Bannu', 'A suicide bomber rammed a car into a convoy.').kind).toBe('suicide-bombing');
    expect(signature('Security forces kill eight terrorists in Kech operation', 'Troops conducted an intelligence-based operation.').kind).toBe('operation');
    const reaction = signature('PM condemns attack on convoy', 'Prime Minister Shehbaz Sharif condemned the attack.');
    expect(reaction).toMatchObject({ kind: 'reaction', speaker: 'pm' });
    expect(signature('Interior minister hails forces for Kech operation', 'Naqvi praised the troops.')).toMatchObject({ kind: 'reaction', speaker: 'interior-minister' });
    expect(signature('Minister lauds budget team', 'The minister praised the finance team for its work.').kind).not.toBe('reaction');
    expect(signature('Foreign ministers meet in Tehran', 'The ministers met to discuss trade.').kind).toBe('meeting');
  });

  it('knows commentary: an op-ed’s byline, a print editorial’s capitals, an explainer’s headline', () => {
    expect(isCommentary({ title: 'A view', body: 'Some argument here.\n\nThe writer is a lawyer.', printed: true, dateline: null })).toBe(true);
    // The parser may set the author line aside as noise; it still marks an op-ed.
    expect(isCommentary({ title: 'A view', body: 'Some argument here.', printed: true, dateline: null, noise: ['The writer is a lawyer.'] })).toBe(true);
    expect(isCommentary({ title: 'A view', body: 'Some argument here.', printed: true, dateline: 'LAHORE', noise: ['Header image: a road.'] })).toBe(false);
    expect(isCommentary({ title: 'Tough times', body: 'THE government has a choice to make about the border.', printed: true, dateline: null })).toBe(true);
    expect(isCommentary({ title: 'Who is the new army chief?', body: 'He was born in 1970.', printed: false, dateline: null })).toBe(true);
    expect(isCommentary({ title: 'Blast in Quetta', body: 'QUETTA: A blast wounded three people.', printed: true, dateline: 'QUETTA' })).toBe(false);
  });
});

describe('stories kept at ingest', () => {
  const wire = (id: number, title: string, lead: string, published = '2025-03-05') => ({
    id, title, lead, published, addedAt: `${published}T12:00:00.000Z`,
    signature: eventSignature({ title, leadSentences: [lead], published, body: lead, printed: false, dateline: null }),
  });
  const bannu1 = wire(1, 'Six soldiers martyred as attack on Bannu cantonment repulsed', 'Six soldiers were martyred when militants stormed the Bannu cantonment on Tuesday, the ISPR said.');
  const bannu2 = wire(2, 'Attack on Bannu cantonment foiled, six soldiers martyred: ISPR', 'Militants attacked the Bannu cantonment on Tuesday; six soldiers were martyred, the military’s media wing said.');
  const reaction = wire(3, 'PM condemns attack on Bannu cantonment', 'Prime Minister Shehbaz Sharif condemned the attack on the Bannu cantonment and paid tribute to the six soldiers.');
  const kech = wire(4, 'Two labourers shot dead in Kech', 'Gunmen shot dead two labourers in Kech district on Tuesday, police said.');

  function stored(file: string): Store {
    const store = Store.open(file);
    return store;
  }

  function insertArticle(store: Store, a: ReturnType<typeof wire>, scope = 'shared'): void {
    store.db.prepare(`INSERT INTO articles (id, scope, title, added_at, body, paragraph_sections, sections, noise, format, text_hash, published, lead)
      VALUES (?, ?, ?, ?, '', '[]', '[]', '[]', 'text', ?, ?, ?)`).run(a.id, scope, a.title, a.addedAt, `hash${a.id}`, a.published, a.lead);
  }

  it('joins one occurrence told twice, keeps the reaction and another attack apart, and survives a restart', () => {
    const file = path.join(tempDir(), 'stories.db');
    let store = stored(file);
    store.db.transaction(() => {
      for (const a of [bannu1, bannu2, reaction]) {
        insertArticle(store, a);
        store.stories.place(null, a);
      }
    })();
    expect([...store.stories.storiesOf([1, 2, 3], null)]).toEqual([[1, 1], [2, 1], [3, 3]]);
    expect(store.stories.members(1, null).map((m) => m.id)).toEqual([1, 2]);
    store.close();

    // A new process: the index is rebuilt from the stored rows of the neighbouring days.
    store = stored(file);
    const bannu3 = wire(5, 'Bannu cantonment attack: six soldiers martyred', 'Six soldiers were martyred in an attack on the Bannu cantonment on Tuesday, the ISPR said.', '2025-03-06');
    store.db.transaction(() => {
      for (const a of [kech, bannu3]) {
        insertArticle(store, a);
        store.stories.place(null, a);
      }
    })();
    expect(store.stories.storiesOf([4, 5], null).get(4)).toBe(4);
    expect(store.stories.storiesOf([4, 5], null).get(5)).toBe(1);
    store.close();
  });

  it('lets a guild’s article join a shared story, never the other way round, and places articles stored without one', () => {
    const store = stored(path.join(tempDir(), 'stories.db'));
    store.db.transaction(() => {
      insertArticle(store, bannu1, 'guild-a');
      store.stories.place('guild-a', bannu1);
      insertArticle(store, bannu2);
      store.stories.place(null, bannu2);
    })();
    expect(store.stories.storiesOf([2], null).get(2)).toBe(2);
    // Stored before stories were kept: placed on first read.
    const guildLater = wire(6, 'Bannu cantonment attack repulsed; six soldiers martyred', 'Six soldiers were martyred when militants attacked the Bannu cantonment on Tuesday, the ISPR said.');
    insertArticle(store, guildLater, 'guild-b');
    const fresh = new Store(store.db);
    expect(fresh.stories.storiesOf([6], 'guild-b').get(6)).toBe(2);
    expect(fresh.stories.members(2, 'guild-a').map((m) => m.id)).toEqual([2]);
    store.close();
  });
});
