import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleBody } from '../../src/domain/article.ts';
import { parseFile } from '../../src/articles/parse.ts';
import { analyseArticle, bodySentences } from '../../src/nlp/analyse.ts';
import { findQuotedSpans } from '../../src/nlp/quote-marks.ts';
import { extractQuotes } from '../../src/nlp/quotes.ts';
import { endsSentence, isOrganisation, tokenize } from '../../src/nlp/speakers.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { growthOfFourfold } from '../support/timing.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const SEED = path.join(REPO_ROOT, 'data/articles/000_5f0f804997b76dbb.txt');

/** Quotes of an article made of these paragraphs, through the same function ingest calls. */
function quotesOf(...paragraphs: string[]) {
  const article = { paragraphs: paragraphs.map((text) => ({ text, section: null })) };
  const body = articleBody(article);
  return { body, quotes: extractQuotes({ title: '' }, body, bodySentences(article)) };
}

function speakers(...paragraphs: string[]): [string, string | null][] {
  return quotesOf(...paragraphs).quotes.map((q) => [q.text, q.speaker]);
}

describe('the seed article', () => {
  const [outcome] = parseFile(SEED, readFileSync(SEED), 10_000_000);
  if (!outcome?.ok) throw new Error('the seed article does not parse');
  const { quotes } = analyseArticle(outcome.article, shippedTaxonomy());
  const body = articleBody(outcome.article);

  it('has exactly three quotations, all Khawaja Asif, Defence Minister', () => {
    expect(quotes.map((q) => q.text)).toEqual([
      'It is only in the media,',
      'It should come from the horse’s mouth,',
      'It will be very dangerous to trust the mixed signals,',
    ]);
    for (const q of quotes) {
      expect(q).toMatchObject({ speaker: 'Khawaja Asif', role: 'Defence Minister', cue: 'said', partial: false });
      expect(body.slice(q.start, q.end)).toBe(q.text);
    }
  });

  it('attributes the third through "he said"', () => {
    const third = quotes[2]!;
    expect(body.slice(third.end, third.end + 10)).toBe('” he said.');
  });

  it('does not take the single-quoted subheading for a quotation', () => {
    expect(outcome.article.sections).toContain('No Practical Change on Ground');
    expect(quotes.some((q) => q.text.includes('Practical Change'))).toBe(false);
  });
});

describe('quotation marks', () => {
  it('reads an interrupted quotation as two quotes with one speaker', () => {
    expect(speakers('“We will not allow it,” Asif said, “and we will respond to any attack.”')).toEqual([
      ['We will not allow it,', 'Asif'],
      ['and we will respond to any attack.', 'Asif'],
    ]);
  });

  it('reads a quotation over several paragraphs as one quote', () => {
    const { quotes, body } = quotesOf(
      'Defence Minister Khawaja Asif told reporters: “The border will stay closed until the attacks stop.',
      '“We have told Kabul this many times, and we will tell them again.”',
    );
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      text: 'The border will stay closed until the attacks stop.\n\nWe have told Kabul this many times, and we will tell them again.',
      speaker: 'Khawaja Asif',
    });
    expect(body.slice(quotes[0]!.start, quotes[0]!.end)).toContain('“We have told Kabul');
  });

  it('keeps a partial quote and flags it', () => {
    const { quotes } = quotesOf('Foreign Office spokesperson Mumtaz Zahra Baloch called the attack “cowardly and barbaric” on Friday.');
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ text: 'cowardly and barbaric', speaker: 'Mumtaz Zahra Baloch', partial: true });
  });

  it('leaves out scare quotes, titles and the names of operations', () => {
    expect(speakers('The so-called “peace deal” collapsed within a week.')).toEqual([]);
    expect(speakers('He repeated the claim on “Meet the Press” on Sunday.')).toEqual([]);
    expect(speakers('The army launched “Operation Zarb-e-Azb” in North Waziristan in 2014.')).toEqual([]);
  });

  it('treats single marks as apostrophes or nested quotes, never quotes of their own', () => {
    expect(speakers('The Taliban’s ‘new policy’ was announced in Kandahar.')).toEqual([]);
    expect(speakers('“They told us ‘never again’ and did it again,” Asif said.')).toEqual([
      ['They told us ‘never again’ and did it again,', 'Asif'],
    ]);
  });

  it('reads straight marks like curly ones, and curly marks typed the wrong way round', () => {
    expect(speakers('"We are ready," the ISPR said in a statement.')).toEqual([['We are ready,', 'ISPR']]);
    expect(speakers('“Apparently not,“ he said, after Asif spoke.')).toHaveLength(1);
  });

  it('never lets an unbalanced mark swallow the rest of the article', () => {
    const { quotes } = quotesOf(
      'Officials said the “deal was off after the talks ended in Doha.',
      'Later, “the crossing will reopen on Monday,” Sharif said.',
    );
    expect(quotes.map((q) => q.text)).toEqual(['the crossing will reopen on Monday,']);
  });

  it('ignores quotation marks inside markup a scraper left behind', () => {
    expect(speakers('<tweet author="@ISPR_Official" date="2024-01-02">Statement follows</tweet> and nothing else.')).toEqual([]);
  });
});

describe('speakers', () => {
  it('finds South Asian names and titles without a list of first names', () => {
    expect(quotesOf('“Five terrorists were killed in the operation,” said Lt Gen Ahmed Sharif Chaudhry, the director general of the ISPR.').quotes[0])
      .toMatchObject({ speaker: 'Ahmed Sharif Chaudhry', role: 'Lt Gen' });
    expect(speakers('Taliban Supreme Leader Hibatullah Akhundzada said: “Our soil will not be used against anyone.”')).toEqual([
      ['Our soil will not be used against anyone.', 'Hibatullah Akhundzada'],
    ]);
  });

  it('gives a participle after "issued a statement" to whoever issued it', () => {
    expect(speakers(
      'Opposition leader Omar Ayub Khan walked out of the National Assembly on Tuesday.',
      'Hours later, he issued a statement calling the budget “a burden on the salaried class.”',
      'The Awami National Party sent out a press release saying the tax “will hurt traders most.”',
    )).toEqual([
      ['a burden on the salaried class.', 'Omar Ayub Khan'],
      ['will hurt traders most.', 'Awami National Party'],
    ]);
  });

  it('gives no speaker to words a passive cue reports, unless it names who spoke', () => {
    expect(speakers(
      'Finance Minister Ishaq Dar met traders in Karachi on Monday.',
      'Dar was later asked about the “mini-budget” rumours. Dar was said to be “furious” with the leak.',
      'The smuggler, known locally as “the king of the border,” was arrested.',
      'Dar was asked by anchor Hamid Mir whether the rupee would “slide further this quarter.”',
    )).toEqual([
      ['mini-budget', null],
      ['furious', null],
      ['the king of the border,', null],
      ['slide further this quarter.', 'Hamid Mir'],
    ]);
  });

  it('gives a passive’s quotation to the agent named after it', () => {
    expect(speakers('The inquiry — often dismissed as a “political vendetta against the party” by the PTI — resumed on Monday.')).toEqual([
      ['political vendetta against the party', 'PTI'],
    ]);
  });

  it('does not give a question to the one who answers it', () => {
    expect(speakers('Ishaq Dar was asked, “Will the rupee fall again?” He replied, “Not while I am here.”')).toEqual([
      ['Will the rupee fall again?', null],
      ['Not while I am here.', 'Ishaq Dar'],
    ]);
    expect(speakers('Sherry Rehman asked the minister: “Where were the police that night?” Her critics said the question came late.')).toEqual([
      ['Where were the police that night?', 'Sherry Rehman'],
    ]);
  });

  it('takes no initials alone for a speaker’s name', () => {
    expect(speakers('“The camps are full and the winter is coming,” said a former U.N. official in Quetta.')).toEqual([
      ['The camps are full and the winter is coming,', 'a former U. N. official'],
    ]);
  });

  it('does not lengthen a titled name to a fuller one introduced after it', () => {
    expect(speakers(
      'President Zardari addressed a joint session of parliament on Monday.',
      '“We will not bow to pressure from anyone,” Mr. Zardari said.',
      'His son, Bilawal Zardari, watched from the gallery.',
    )).toEqual([['We will not bow to pressure from anyone,', 'Zardari']]);
  });

  it('reads "her campaign" as her, and looks past a phrase of place to the subject', () => {
    expect(speakers(
      'Maryam Nawaz toured flood relief camps in Sukkur on Sunday.',
      'Her office said the visit would “continue until every family is housed.”',
      'Traders shut their shops when Imran Khan in his Friday speech called the budget “a charter of inflation.”',
    )).toEqual([
      ['continue until every family is housed.', 'Maryam Nawaz'],
      ['a charter of inflation.', 'Imran Khan'],
    ]);
  });

  it('takes "continued to" for no cue, and a participle for its clause subject’s', () => {
    expect(speakers(
      'Exports from Sialkot continued to fall at “an alarming and steady rate” this year.',
      'In an interview with Geo News, Bilawal Bhutto Zardari continued to question the census, saying it had “undercounted Karachi by millions.”',
    )).toEqual([
      ['an alarming and steady rate', null],
      ['undercounted Karachi by millions.', 'Bilawal Bhutto Zardari'],
    ]);
  });

  it('does not give a quote to the speaker of a contrasting clause after it', () => {
    expect(speakers('Senator Sherry Rehman said she would “back the bill in committee” but “vote against it on the floor,” while Senator Raza Rabbani said the bill was flawed.')).toEqual([
      ['back the bill in committee', 'Sherry Rehman'],
      ['vote against it on the floor,', 'Sherry Rehman'],
    ]);
  });

  it('reads a sentence opening with a cue verb to the subject after the quotation', () => {
    expect(speakers('Calling Mr. Tareen’s Independent rival, Ali Zaidi, “the best man for Multan,” Mr. Khan turned on the government.')).toEqual([
      ['the best man for Multan,', 'Khan'],
    ]);
  });

  it('takes the name after "to urge" for the one urged, not the speaker', () => {
    expect(speakers('Khawaja Asif used the session to urge Prime Minister Shehbaz Sharif “not to bow to the IMF.”')).toEqual([
      ['not to bow to the IMF.', 'Khawaja Asif'],
    ]);
  });

  it('reads a hyphened particle as part of a name, whatever its case ("ul-Ghazi", "Ul-Ghazi")', () => {
    expect(speakers(
      'The video opens with the extremist cleric Abdul Rashid ul-Ghazi, who was killed in 2007, lecturing at length.',
      '“We will never stop,” Imran Khan said at a rally, in a clip the video borrows.',
      'Footage of Ul-Ghazi again appears. “The state will turn on its own citizens,” he says.',
    )[1]).toEqual(['The state will turn on its own citizens,', 'Abdul Rashid ul-Ghazi']);
  });

  it('uses the fullest name the article gives, and keeps the title apart', () => {
    const { quotes } = quotesOf(
      'Defence Minister Khawaja Asif spoke to a private channel on Tuesday.',
      '“It is only in the media,” Asif said.',
      '“We are ready,” Asif, the defence minister, said.',
    );
    expect(quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Khawaja Asif', 'Defence Minister'],
      ['Khawaja Asif', 'Defence Minister'],
    ]);
  });

  it('resolves pronouns to the person named before them, and "it" to an organisation', () => {
    expect(speakers(
      'Interior Minister Mohsin Naqvi visited Peshawar on Monday.',
      'He praised the police. “Our forces have broken their back,” he said.',
      'The ISPR issued a statement. “The area is being cleared,” it said.',
    )).toEqual([
      ['Our forces have broken their back,', 'Mohsin Naqvi'],
      ['The area is being cleared,', 'ISPR'],
    ]);
  });

  it('reads "according to" and a description that matches a title given earlier', () => {
    expect(speakers(
      'Defence Minister Khawaja Asif addressed the National Assembly.',
      'According to the minister, “talks with Kabul have produced nothing.”',
    )).toEqual([['talks with Kabul have produced nothing.', 'Khawaja Asif']]);
  });

  it('reads the author of a document "according to" names ("a police report filed by …")', () => {
    expect(speakers(
      'Three shops burned in the bazaar overnight.',
      '“The fire was started deliberately and the guards were not at their posts,” according to a police report filed by district police officer Aslam Khan.',
    )).toEqual([['The fire was started deliberately and the guards were not at their posts,', 'Aslam Khan']]);
  });

  it('does not match an indefinite description to a person titled earlier ("a PTV representative")', () => {
    expect(speakers(
      'Former Rep. Ali Wazir was arrested on Friday.',
      '“Ali Wazir is on indefinite leave from the show,” a PTV representative said in a statement.',
    )).toEqual([['Ali Wazir is on indefinite leave from the show,', 'a PTV representative']]);
  });

  it('takes organisations as speakers when the text makes them so', () => {
    expect(speakers('The Foreign Office said: “We reject these baseless allegations.”')).toEqual([
      ['We reject these baseless allegations.', 'Foreign Office'],
    ]);
  });

  it('reads the speaker of a participle, a described name, and a person of a place', () => {
    expect(speakers('Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, saying: “This is a disgrace.”')).toEqual([
      ['This is a disgrace.', 'Hakeem Jeffries'],
    ]);
    expect(speakers('Obama consultant Cornell Belcher picked up the thread. “Voters have moved,” he said.')).toEqual([
      ['Voters have moved,', 'Cornell Belcher'],
    ]);
    expect(speakers('House Speaker Paul D. Ryan of Wisconsin lamented the “disheartened” state of the race.')).toEqual([
      ['disheartened', 'Paul D. Ryan'],
    ]);
  });

  it('reads "he" or "she" as the person named in the sentence before, not the last one quoted', () => {
    expect(speakers(
      '“We will hold the line,” Defence Minister Khawaja Asif said on Monday.',
      'The claim was rejected at a rally in Lahore by Maryam Nawaz, the opposition leader.',
      '“Nobody believes this,” she said.',
    )).toEqual([
      ['We will hold the line,', 'Khawaja Asif'],
      ['Nobody believes this,', 'Maryam Nawaz'],
    ]);
  });

  it('reads a name past the modifiers of its title', () => {
    expect(speakers('Opposition presidential candidate Imran Shah wants the result “thrown out and recounted” by Monday.')).toEqual([
      ['thrown out and recounted', 'Imran Shah'],
    ]);
  });

  it('reads the person a description follows, not a name inside the description', () => {
    expect(speakers('“The vote was fair,” Tariq Khan, head of the Punjab Election Commission, a provincial body, said.')).toEqual([
      ['The vote was fair,', 'Tariq Khan'],
    ]);
  });

  it('reaches a cue past a long appositive after the quotation', () => {
    expect(speakers('“Nothing has changed,” Tariq Mehmood Khan, director of the Centre for Peace and Security Studies at the University of the Punjab in Lahore, said in an interview.')).toEqual([
      ['Nothing has changed,', 'Tariq Mehmood Khan'],
    ]);
  });

  it('reads the name after the quotation when its appositive lacks the closing comma', () => {
    expect(speakers(
      'Rain delayed the count in Karachi.',
      '“The turnout will be lower than in 2018,” Zaigham Khan, the analyst who founded pakvoter.org wrote on Sunday.',
    )).toEqual([['The turnout will be lower than in 2018,', 'Zaigham Khan']]);
  });

  it('prefers a colon lead-in naming the speaker to a description after the quotation', () => {
    expect(speakers(
      'The committee pressed him on the missing files. Sharif, visibly angry, replied: “What is there left to discuss?” His critics cited it for weeks.',
    )).toEqual([['What is there left to discuss?', 'Sharif']]);
  });

  it('reads past a short quotation after the mark to the cue ("wearing a “Bhutto Zindabad” badge, said")', () => {
    expect(speakers(
      '“This budget will carry the country,” Finance Minister Ishaq Dar said.',
      '“We have had better budgets than this one,” PPP senator Raza Rabbani, wearing a black armband and a “Bhutto Zindabad” badge, said as the session ended.',
    )).toEqual([
      ['This budget will carry the country,', 'Ishaq Dar'],
      ['We have had better budgets than this one,', 'Raza Rabbani'],
    ]);
  });

  it('reads a person’s campaign or office as speaking for that person', () => {
    const { quotes } = quotesOf('Imran Shah’s campaign said the count was “deeply flawed” on Tuesday.');
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ speaker: 'Imran Shah', role: 'campaign' });
  });

  it('gives a quotation two people speak together to the first named', () => {
    expect(speakers('Sharif and Zardari said the budget was “a step forward for every province.”')).toEqual([
      ['a step forward for every province.', 'Sharif'],
    ]);
    expect(speakers('Pollsters disagree on the swing. More from Ijaz Zaidi and Bilal Gilani: “Turnout in Punjab fell, and the drop was sharpest in the cities.”')).toEqual([
      ['Turnout in Punjab fell, and the drop was sharpest in the cities.', 'Ijaz Zaidi'],
    ]);
  });

  it('finds the subject past an opening phrase when no cue names the speaker', () => {
    expect(speakers('In an interview with Geo News on Sunday, Asif went further: “The talks are over.”')).toEqual([
      ['The talks are over.', 'Asif'],
    ]);
  });

  it('does not take the cue of a clause set before the main one', () => {
    expect(speakers('After Imran Shah criticised the budget on Monday, Maryam Nawaz hit back, “He never read it.”')).toEqual([
      ['He never read it.', 'Maryam Nawaz'],
    ]);
  });

  it('does not take a cue inside an opening prepositional phrase ("In TV interviews and tweets, …")', () => {
    expect(speakers('In TV interviews and tweets, Imran Khan has argued that the election commission ran a “rigged” count in Punjab.')).toEqual([
      ['rigged', 'Imran Khan'],
    ]);
  });

  it('gives a quotation after "that" to the nearest cue before it', () => {
    expect(speakers('“The bailout was a mistake,” Asif tweeted after Sharif argued for the second time that “without it we would have lost the steel mills.”')).toEqual([
      ['The bailout was a mistake,', 'Asif'],
      ['without it we would have lost the steel mills.', 'Sharif'],
    ]);
  });

  it('does not take a name running into the quotation after a cue for its speaker', () => {
    expect(speakers('Bilawal Bhutto used the debate to demand wealthy Punjabis “pay their fair share of tax like every salaried worker.”')).toEqual([
      ['pay their fair share of tax like every salaried worker.', 'Bilawal Bhutto'],
    ]);
  });

  it('reads the subject past a phrase of where or when before the cue ("Khan in his speech called")', () => {
    expect(speakers('The row began when Imran Khan in his victory speech called the opposition leaders “thieves who looted the country.”')).toEqual([
      ['thieves who looted the country.', 'Imran Khan'],
    ]);
  });

  it('reads "proposed" as a cue ("Sirajul Haq, the Jamaat chief, proposed the provinces “…”")', () => {
    expect(speakers('Bilawal Bhutto rejected the plan outright, while Sirajul Haq, the Jamaat chief, proposed the provinces “take over every power station by June.”')).toEqual([
      ['take over every power station by June.', 'Sirajul Haq'],
    ]);
  });

  it('reads the source the next sentence names ("That remark from …")', () => {
    expect(speakers(
      'Shehbaz Sharif met traders in Lahore on Monday.',
      '“We will not let a single shop stay open after ten.” That remark from Interior Minister Rana Sanaullah appeared on every front page the next morning.',
    )).toEqual([['We will not let a single shop stay open after ten.', 'Rana Sanaullah']]);
  });

  it('does not take the one spoken to before a colon for the speaker ("told Geo News: “…")', () => {
    expect(speakers('Nawaz Sharif later told Geo News: “We will talk to everyone, including the PTI.”')).toEqual([
      ['We will talk to everyone, including the PTI.', 'Nawaz Sharif'],
    ]);
  });

  it('reads the subject before a participle speaking "to" someone ("Zardari speaking to Geo News said")', () => {
    expect(speakers('Asif Zardari speaking to Geo News said, “The party will not split over this.”')).toEqual([
      ['The party will not split over this.', 'Asif Zardari'],
    ]);
  });

  it('keeps "Minister of State" as a title, not a person of a place', () => {
    const [quote] = quotesOf('Minister of State Tariq Khan said the border was “calm but tense” on Friday.').quotes;
    expect(quote?.speaker).toMatch(/Tariq Khan$/);
  });

  it('reads "as X puts it" as an attribution', () => {
    expect(speakers('As the columnist Zahid Hussain puts it, the army is “holding all the cards.”')).toEqual([
      ['holding all the cards.', 'Zahid Hussain'],
    ]);
  });

  it('does not read "he" as a place named before it', () => {
    expect(speakers(
      'Opposition leader Omar Ayub Khan spoke on Monday.',
      'The United States would not accept such a vote, he said. “This is theft,” he added.',
    )).toEqual([['This is theft,', 'Omar Ayub Khan']]);
  });

  it('gives a quotation in an opening participle phrase to the subject after it', () => {
    expect(speakers('Calling the budget “a betrayal of every farmer,” Maryam Nawaz walked out of the assembly.')).toEqual([
      ['a betrayal of every farmer,', 'Maryam Nawaz'],
    ]);
    // The names inside the participle's phrase are its objects, not the subject.
    expect(speakers('Calling Mr. Sharif’s Punjab rival, Pervaiz Elahi, “a man with no plan for the province,” Maryam Nawaz walked out of the assembly.')).toEqual([
      ['a man with no plan for the province,', 'Maryam Nawaz'],
    ]);
  });

  it('reads the person a possessive phrase names, not the owner', () => {
    expect(speakers('Imran Khan’s former finance minister Asad Umar wants the deal “torn up and renegotiated” by June.')).toEqual([
      ['torn up and renegotiated', 'Asad Umar'],
    ]);
  });

  it('reads the person a possessive names as the subject of a participle cue', () => {
    expect(speakers(
      'Ayesha Khan was the first to call for a boycott.',
      'Amid calls for a boycott, The Dawn’s Cyril Almeida published a long defence of the paper, saying it would “never bow to pressure from anyone.”',
    )).toEqual([['never bow to pressure from anyone.', 'Cyril Almeida']]);
  });

  it('reads "he said" as the person last reported speaking, not the subject of what he reported', () => {
    expect(speakers(
      'Mohsin Naqvi toured Kurram on Friday and met elders, Defence Secretary Asif Nawaz said.',
      '“The roads will reopen within a week,” he said.',
    )).toEqual([['The roads will reopen within a week,', 'Asif Nawaz']]);
  });

  it('does not read a name that opens what was said ("said Imran Khan will lose") as the one speaking', () => {
    expect(speakers(
      'Uzma Bukhari, a provincial minister, said Imran Khan will lose the by-election in Lahore.',
      '“I think the voters have moved on,” she said.',
    )).toEqual([['I think the voters have moved on,', 'Uzma Bukhari']]);
  });

  it('reads "he said" as the source an "according to" sentence names', () => {
    expect(speakers(
      'Retired Gen. Tariq Mehmood spoke to a talk show on Monday.',
      'According to Mehmood, the ministry has replaced four secretaries because they disagreed with Nawaz Sharif’s policies.',
      '“We are on our fifth secretary,” he said.',
    )).toEqual([['We are on our fifth secretary,', 'Tariq Mehmood']]);
  });

  it('reads "he said" as the person an appositive’s ", who said" reports speaking', () => {
    expect(speakers(
      'Bilawal Bhutto’s position was backed on Friday by Sen. Raza Rabbani of Karachi, the senior member of the Senate standing committee, who said none of the letters came from Bilawal Bhutto.',
      '“It never made sense to me that the chairman was blamed,” he said.',
    )).toEqual([['It never made sense to me that the chairman was blamed,', 'Raza Rabbani']]);
  });

  it('reads "she" as the main clause’s subject, not the speaker of a quotation in the clause before it', () => {
    expect(speakers(
      'Maryam Nawaz said she was surprised by the vote.',
      'When the anchor noted that Imran Khan calls the plan “a new deal,” Maryam Nawaz seized on the phrase, repeating her party’s line that the plan would hurt farmers. “A new deal for whom?” she asked.',
    )).toEqual([['a new deal,', 'Imran Khan'], ['A new deal for whom?', 'Maryam Nawaz']]);
  });

  it('reads "he" as the main clause’s subject, not someone asking in a "when" clause', () => {
    expect(speakers(
      'Shehbaz Sharif did not sound confident when Hamid Mir asked whether the coalition would survive the budget. “Nobody can predict this year,” he said.',
    )).toEqual([['Nobody can predict this year,', 'Shehbaz Sharif']]);
  });

  it('skips people named in a sentence whose subject is the same pronoun', () => {
    expect(speakers(
      'Tariq Fatemi said the talks had stalled.',
      'Besides a call he had with Ishaq Dar last week, he also met Bilawal Bhutto Zardari in Karachi.',
      '“I have not spoken to any party since,” he said.',
    )).toEqual([['I have not spoken to any party since,', 'Tariq Fatemi']]);
  });

  it('keeps "Secretary of State" in the role, not the name', () => {
    const { quotes } = quotesOf('Secretary of State Antony Blinken praised the ceasefire as “a first step” on Tuesday, and Blinken said: “We will hold both sides to it.”');
    expect(quotes.map((q) => [q.speaker, q.role])).toContainEqual(['Antony Blinken', 'Secretary of State']);
  });

  it('ends a name at a capitalised speech verb in a title-case line', () => {
    // A capitalised "Said" after a name is no cue ("Edward Said"), so the speaker is the sentence's
    // subject, inferred (cue null): the name must stop before "Said Of The Budget".
    const { quotes } = quotesOf('Shehbaz Sharif Said Of The Budget, “We have no room left for subsidies.”');
    expect(quotes.map((q) => [q.text, q.speaker, q.cue])).toEqual([['We have no room left for subsidies.', 'Shehbaz Sharif', null]]);
  });

  it('reads the name before a capitalised speech verb in a title-case line as the subject', () => {
    expect(speakers(
      'At A Lahore Summit, Maryam Nawaz Said “We Have Built More Roads In Three Years Than Anyone Did In Ten, And We Will Keep Building.”',
      'Tariq met Sharif.',
      'Sharif Said Of Traders, “You Have To Pay Taxes Like Everyone Else Because The State Needs The Money.”',
    )).toEqual([
      ['We Have Built More Roads In Three Years Than Anyone Did In Ten, And We Will Keep Building.', 'Maryam Nawaz'],
      ['You Have To Pay Taxes Like Everyone Else Because The State Needs The Money.', 'Sharif'],
    ]);
  });

  it('reads gender from a title right before a name, and only there', () => {
    expect(speakers('Mr. Asif Zardari met Begum Nusrat Bhutto on Tuesday.', '“We will stand together,” she said.')).toEqual([
      ['We will stand together,', 'Nusrat Bhutto'],
    ]);
    expect(speakers('Mrs. Benazir Bhutto met Asif Zardari on Tuesday.', '“We will stand together,” he said.')).toEqual([
      ['We will stand together,', 'Asif Zardari'],
    ]);
  });

  it('does not learn a gender from a pronoun that follows another name', () => {
    expect(speakers(
      'Imran Khan attacked Maryam Nawaz, saying she lied about the deal.',
      'Ali Amin Gandapur defended Imran Khan in Peshawar.',
      '“He has done nothing wrong,” he said.',
    )).toEqual([['He has done nothing wrong,', 'Ali Amin Gandapur']]);
  });

  it('does not read "he" as a place the article names after "in"', () => {
    expect(speakers(
      'Faisal Karim Kundi spoke to elders in Dera Ismail Khan on Sunday. Dera Ismail Khan remained tense overnight.',
      '“The roads stay closed,” he said.',
    )).toEqual([['The roads stay closed,', 'Faisal Karim Kundi']]);
  });

  it('learns a gender from a pronoun after a long quotation, its words not counted in the reach', () => {
    expect(speakers(
      'Maryam Nawaz has pressed for an inquiry since March. President Alvi later adopted a similar approach. She has also called for the ban to end.',
      'Alvi described the attack as “a sobering reminder that an attack on any Pakistani, whatever his faith, sect, province or language, is an attack on all of us and on the values of equality and dignity that define us as a nation.”',
      'And he made a point of saying the shrine “was a place of peace for everyone who came to it.”',
    )[1]).toEqual(['was a place of peace for everyone who came to it.', 'Alvi']);
  });

  it('guesses the person named in the sentence before, though a "they" is its clause subject', () => {
    expect(speakers(
      '“The protests have been contained,” Interior Minister Mohsin Naqvi said on Geo.',
      'On “Capital Talk,” Senator Sherry Rehman (PPP), who chairs the climate committee, named the floods as one of the reasons that they should pass the budget. “The young people are tired of promises and want the money spent on the dams.”',
    )[1]).toEqual(['The young people are tired of promises and want the money spent on the dams.', 'Sherry Rehman']);
  });

  it('does not read "he" as a name modifying a plural noun ("Insafian partners")', () => {
    expect(speakers(
      'Imran Khan says he has “big plans” for the final month of the campaign.',
      'He said he would spend the money he raised for his campaign and Insafian partners on the day after the debate.',
      'He said, “We have some big plans for the final month.”',
      'Khan spoke at the Zaman Park Insafian office on Friday.',
    )[1]).toEqual(['We have some big plans for the final month.', 'Imran Khan']);
  });

  it('does not read "he" as a place joined to another ("from Afghanistan and Iran", "in Quetta, Balochistan,")', () => {
    expect(speakers(
      'Prime Minister Imran Khan spoke at the rally on Friday.',
      'He did not mention the bans on refugees from Afghanistan and Iran from entering the country. But they were clearly on his mind as he called on Pakistanis not to “turn against each other.”',
    )).toEqual([['turn against each other.', 'Imran Khan']]);
    expect(speakers(
      'As the leaders met in Islamabad, Imran Khan was 400 miles away in Quetta, Balochistan, promising to build a new road.',
      '“We will build it within a year,” he said.',
    )).toEqual([['We will build it within a year,', 'Imran Khan']]);
  });

  it('gives a statement’s words to whoever issued it, not to "a statement"', () => {
    expect(speakers('The Foreign Office issued a statement calling the strikes “a violation of sovereignty.”')).toEqual([
      ['a violation of sovereignty.', 'Foreign Office'],
    ]);
  });

  it('does not take a description cut off mid-phrase for the speaker', () => {
    const [quote] = quotesOf('“The evidence cannot prove every charge,” according to a court document filed by the prosecution in Lahore.').quotes;
    expect(quote!.speaker).not.toBe('a court document filed by');
  });

  it('keeps "the family said" as a speaker', () => {
    expect(speakers('“He was a gentle man,” the family said.')).toEqual([['He was a gentle man,', 'the family']]);
  });

  it('does not take a weekday or a month for the owner speaking', () => {
    expect(speakers('Monday’s meeting in Islamabad produced a “framework for talks” and little else.')).toEqual([['framework for talks', null]]);
  });

  it('does not take a name modifying a noun cue ("the Quetta attacks") for a speaker', () => {
    expect(speakers('Asked if the unrest matched the Quetta attacks, Bugti said he did not, but was referring to the “same kind of plan.”')).toEqual([
      ['same kind of plan.', 'Bugti'],
    ]);
  });

  it('keeps numbers in the role after the cue ("said 9/11 survivor Fazal Khan")', () => {
    expect(speakers('“They are 100 percent wrong,” said 9/11 survivor Fazal Khan.')).toEqual([['They are 100 percent wrong,', 'Fazal Khan']]);
  });

  it('reads a bare role before a name as that person’s, not the name before the comma', () => {
    expect(speakers('Or maybe Akhtar Mengal, election analyst Zaigham Khan says. “Turnout will decide it in Quetta.”')).toEqual([
      ['Turnout will decide it in Quetta.', 'Zaigham Khan'],
    ]);
  });

  it('does not take the pronoun after a participle cue for the speaker', () => {
    expect(speakers('Sharif welcomed the news that Tarar would stay, saying the minister was “doing the right thing,” suggesting he might keep him on.')).toEqual([
      ['doing the right thing,', 'Sharif'],
    ]);
  });

  it('reads "he" as the main clause’s subject when the sentence opens with a subordinate clause', () => {
    for (const opener of ['Asked whether', 'Pressed on whether']) {
      expect(speakers(
        `${opener} he feared that Imran Khan, the former prime minister, could return to power, Bilawal Bhutto Zardari demurred.`,
        '“Politics is a long game,” he said.',
      )).toEqual([['Politics is a long game,', 'Bilawal Bhutto Zardari']]);
    }
  });

  it('does not take "state" in "state delegate" for a cue', () => {
    expect(speakers('Punjab state delegate Rana Sanaullah, wearing a green scarf, said the meeting could be a “failure of nerve” for the party.')).toEqual([
      ['failure of nerve', 'Rana Sanaullah'],
    ]);
  });

  it('reads a short description by its title: "the Sindh senator" is "Sen. Sherry Rehman"', () => {
    expect(speakers(
      'Sen. Sherry Rehman opened the debate on Monday.',
      '“Karachi cannot wait another monsoon,” the Sindh senator said.',
    )).toEqual([['Karachi cannot wait another monsoon,', 'Sherry Rehman']]);
  });

  it('does not read "he" as a name that only modifies a noun ("North Waziristan elders")', () => {
    expect(speakers(
      'Faisal Karim Kundi arrived in Peshawar on Sunday. North Waziristan elders met him at the airport.',
      '“We agreed on the corridor,” he said.',
    )).toEqual([['We agreed on the corridor,', 'Faisal Karim Kundi']]);
  });

  it('guesses the subject of the sentence for a quotation with no cue at all', () => {
    expect(speakers('Two years before the leak, the Interior Ministry gave an “inaccurate and incomplete” account of the talks.')).toEqual([
      ['inaccurate and incomplete', 'Interior Ministry'],
    ]);
  });

  it('guesses by the gender a possessive in the sentence gives, when it has no named subject', () => {
    expect(speakers(
      'Bilawal Bhutto spoke first, and he called for reform.',
      'It was a version of Bilawal Bhutto’s stump speech, and a contrast to Sherry Rehman. Reprising one of her own lines, the former minister talked about “a Pakistan for everyone.”',
    )).toEqual([['a Pakistan for everyone.', 'Sherry Rehman']]);
  });

  it('never guesses a speaker first named after the quotation', () => {
    const found = speakers(
      'Two days on, he gave a “wholly inaccurate and incomplete” account of the talks.',
      'Later, Defence Minister Khawaja Asif said: “We stand by every word of it.”',
    );
    expect(found[0]).toEqual(['wholly inaccurate and incomplete', null]);
    expect(found[1]).toEqual(['We stand by every word of it.', 'Khawaja Asif']);
  });

  it('takes no name from the word opening a bracketed aside ("(Subscribe to …)")', () => {
    expect(speakers(
      'Reema Omer covered the courts for a decade, and she still writes about them.',
      '(Subscribe to our weekly legal podcast with Asad Rahim.)',
      '“The courts move slowly,” she said.',
    )).toEqual([['The courts move slowly,', 'Reema Omer']]);
  });

  it('takes no name from a title-case headline line', () => {
    expect(speakers(
      'Army Chief Praises Khawaja Asif, Rejects Afghan Claims.',
      'Khawaja Asif spoke in Islamabad on Monday.',
      '“The fence will stay,” Asif said.',
    )).toEqual([['The fence will stay,', 'Khawaja Asif']]);
  });

  it('reads "he" as a one-word name the article gives a title ("President Ghani")', () => {
    expect(speakers(
      'President Ghani left Kabul for Doha today, where he will meet the envoys.',
      'But he leaves behind a row over his warning that Pakistan would face “serious consequences” if the crossings stayed shut.',
    )).toEqual([['serious consequences', 'Ghani']]);
  });

  it('learns no gender from a pronoun inside a quotation', () => {
    expect(speakers(
      'Maleeha Lodhi chaired the session on Monday. Her adviser, Saad Rafique, said: “She has always backed the talks.”',
      'The envoys left for Kabul after lunch.',
      '“We will return in March,” he said.',
    )[1]).toEqual(['We will return in March,', 'Saad Rafique']);
  });

  it('skips the later clause subjects of a sentence the same pronoun opens', () => {
    expect(speakers(
      'Asif Zardari spoke to the party in Karachi on Friday.',
      'He said he plans to thank his donors and Bhutto loyalists in Larkana after the vote.',
      'He said, “We have big plans for next month.”',
      'Senator Zulfiqar Bhutto did not attend.',
    )).toEqual([['We have big plans for next month.', 'Asif Zardari']]);
  });

  it('keeps the name opening a sentence the same pronoun is subject of ("Maryam Nawaz’s role …, but she said")', () => {
    expect(speakers(
      'Nawaz Sharif met the envoy on Monday.',
      'Maryam Nawaz’s role is still unclear, but she said on Tuesday that she would lead the campaign. “I will be on every stage,” she said.',
    )).toEqual([['I will be on every stage,', 'Maryam Nawaz']]);
  });

  it('learns no gender from a "He" opening the next sentence past another name', () => {
    expect(speakers(
      'Maryam Nawaz asked Shehbaz Sharif to name the new minister. He did not do so.',
      'Earlier, Maryam Nawaz pressed Ishaq Dar on the budget, citing reports that Ahsan Iqbal, a planning official, had resigned. “It seems so unusual,” she said.',
    )).toEqual([['It seems so unusual,', 'Maryam Nawaz']]);
  });

  it('learns a gender from "he’s" after "that", past another name', () => {
    expect(speakers(
      'On Monday, Nawaz claimed in an interview with Dawn News that he’s not backing any party, and that the money for the campaign against the dam came from his own savings and from old friends of his family who share his view of the project.',
      '“This is all me,” he said.',
    )).toEqual([['This is all me,', 'Nawaz']]);
  });

  it('reads a name with a possessive as the whole name ("Director James Comey’s statement")', () => {
    expect(speakers(
      'FBI Director Imran Qureshi’s statement on Tuesday ran to ten pages. He called the handling of the files “extremely careless.”',
    )).toEqual([['extremely careless.', 'Imran Qureshi']]);
  });

  it('does not read "he" as a name inside a speaker’s name ("the Commission on Election Debates announced")', () => {
    expect(speakers(
      'Imran Khan is raising questions about his microphone during the debate.',
      'He notes that the Commission on Election Debates announced on Friday that there was an issue with the sound.',
      'He says, “Working that microphone was harder than winning the debate.”',
    )).toEqual([['Working that microphone was harder than winning the debate.', 'Imran Khan']]);
  });

  it('does not read "he" as a name modifying a title ("Sindhi nationalist leader")', () => {
    expect(speakers(
      'Sen. Raza Rabbani spoke after the vote.',
      '“Karachi cannot wait,” the Sindh senator and Sindhi nationalist leader said in a statement.',
      '“If the test is confirmed, it is the latest failure,” he said.',
    )[1]).toEqual(['If the test is confirmed, it is the latest failure,', 'Raza Rabbani']);
  });

  it('reads "X of the Y Center for Z wrote" as X, not the institution', () => {
    expect(speakers('“The test would need a staged design,” Ayesha Siddiqa of the Jinnah Institute for Strategic Studies wrote in December.')).toEqual([
      ['The test would need a staged design,', 'Ayesha Siddiqa'],
    ]);
  });

  it('reads "he" as a person quoted or titled, though the article once puts the name after "in"', () => {
    const elsewhere = '“You have someone in Ishaq Dar who knows the numbers,” said Ahsan Iqbal.';
    expect(speakers('“I am not ready to back the budget,” Dar told Geo News’s Hamid Mir on Monday.', '“We need more time,” he said.', elsewhere)[1]).toEqual([
      'We need more time,',
      'Ishaq Dar',
    ]);
    expect(speakers('Finance Minister Ishaq Dar met Hamid Mir on Monday. “We need more time,” he said.', elsewhere)[0]).toEqual(['We need more time,', 'Ishaq Dar']);
  });

  it('reads past "and" and a possessive in the institution to the first of a titled pair', () => {
    expect(speakers('“The new centrifuges could double output within a year,” nuclear experts Ayesha Siddiqa and Pervez Hoodbhoy of Islamabad’s Institute for Peace and Security Studies wrote on Monday.')).toEqual([
      ['The new centrifuges could double output within a year,', 'Ayesha Siddiqa'],
    ]);
  });

  it('takes no name that a description speaking is "for" or "of" ("the former prosecutors for Musharraf said")', () => {
    expect(speakers(
      'Even as Imran Khan claimed on Tuesday that “General Musharraf got away with far worse,” one of the former prosecutors for Pervez Musharraf said the cases differed.',
    )).toEqual([['General Musharraf got away with far worse,', 'Imran Khan']]);
  });

  it('takes no place for the speaker: "a supporter at a rally in Quetta repeated"', () => {
    const [quote] = quotesOf('Saad Rafique called the incident an “assassination attempt,” and a supporter at a rally in Quetta repeated the claim.').quotes;
    expect(quote!.speaker).toBe('Saad Rafique');
  });

  it('takes no place for the subject of a participle: "in Quetta, Balochistan, arguing"', () => {
    expect(speakers('Sarfraz Bugti spoke on Tuesday about the death of a driver in Quetta, Balochistan, arguing that such killings should be called “intolerable.”')).toEqual([
      ['intolerable.', 'Sarfraz Bugti'],
    ]);
  });

  it('gives a quotation opening its sentence the speaker of the one before it in the paragraph', () => {
    expect(speakers('“The talks failed,” Sharif said. “We will try again next month.”')).toEqual([
      ['The talks failed,', 'Sharif'],
      ['We will try again next month.', 'Sharif'],
    ]);
  });

  it('reads a signature line under a quotation as its speaker', () => {
    expect(speakers(
      '“Load-shedding has to end before the summer,” Asif said.',
      '“Our shops close at dusk because there is no power.”',
      '-Rubina Baig, Multan.',
      '“The budget leaves the provinces with nothing to spend.”',
      'Sakib Sherani, Institute of Policy Studies.',
    )).toEqual([
      ['Load-shedding has to end before the summer,', 'Asif'],
      ['Our shops close at dusk because there is no power.', 'Rubina Baig'],
      ['The budget leaves the provinces with nothing to spend.', 'Sakib Sherani'],
    ]);
  });
});

describe('attribution at the edges: places, signatures, passives, appositives', () => {
  it('does not take a name after "and" for a place when it goes on to speak', () => {
    expect(speakers(
      'Thousands joined protests in Lahore and Nawaz Sharif said the march would go on.',
      'He added, “We will not stop.”',
    )).toEqual([['We will not stop.', 'Nawaz Sharif']]);
  });

  it('reads a signature line opened by a long dash', () => {
    expect(speakers('“We have waited long enough for the dam.”', '—Ayesha Siddiqa, Lahore.')).toEqual([
      ['We have waited long enough for the dam.', 'Ayesha Siddiqa'],
    ]);
  });

  it('gives a question put "by the anchor" to nobody named, not to the person asked', () => {
    expect(speakers('Imran Khan was asked by the anchor, “Will you resign?”')).toEqual([['Will you resign?', null]]);
  });

  it('reads the name before an appositive that lacks its closing comma', () => {
    expect(speakers('“The numbers do not add up,” Ayesha Siddiqa, the analyst who founded the institute wrote on Monday.')).toEqual([
      ['The numbers do not add up,', 'Ayesha Siddiqa'],
    ]);
  });
});

describe('hostile input', () => {

  it('never throws on text made of names, marks, cues and pronouns in any order', () => {
    // Found by a fuzz: "he" as the last word made the gender count look for a cue past the end.
    expect(() => extractQuotes({ title: '' }, 'e and Ko y of Sa:“e\n\nhe', [])).not.toThrow();
    const piece = fc.constantFrom('he', 'she', 'they', 'He’s', 'said', 'says', 'according', 'to', 'told', 'Asif', 'Khawaja', 'Mr.', 'U.', 'the', 'minister', 'of', 'and', ',', '.', ':', '?', '“', '”', '"', '—', '(', ')', '\n\n', 'e', 'Ko', 'ISPR', 'in', 'who');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom(' ', ''), (pieces, joiner) => {
        const body = pieces.join(joiner);
        expect(() => extractQuotes({ title: '' }, body, [])).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('survives 10,000 quotation marks in a row, in time linear in their number', () => {
    for (const mark of ['"', '“', '”', '“”']) {
      expect(() => quotesOf(mark.repeat(10_000))).not.toThrow();
      expect(() => quotesOf(`Asif said ${mark.repeat(10_000)} and left.`)).not.toThrow();
    }
    // Four times the input: linear work takes about four times as long, quadratic sixteen.
    expect(growthOfFourfold((n) => quotesOf(`x ${'" '.repeat(n)}`), 10_000)).toBeLessThan(10);
  });

  it('reads one sentence-long run of “…,” he said quotations in time linear in its length', () => {
    // No full stop anywhere: every pronoun looks back over the same one sentence and its names.
    const run = (n: number) => `Asked whether Imran Khan would return, Bilawal Bhutto Zardari demurred, ${Array.from({ length: n }, (_, i) => `Shah${i} Khan met Ali${i} Raza, “we talked about item ${i},” he said`).join(', ')}`;
    expect(growthOfFourfold((n) => quotesOf(run(n)), 100)).toBeLessThan(10);
  });

  it('reads a comma-less sentence opening with "When", full of he said “…”, in time linear in its length', () => {
    // Each speaker in a sentence opening with a subordinate clause asks where its first comma is.
    const run = (n: number) => `When ${Array.from({ length: n }, (_, i) => `Shah${i} Khan met Ali${i} Raza and “we talked about item ${i}” he said`).join(' and ')}`;
    expect(growthOfFourfold((n) => quotesOf(run(n)), 150)).toBeLessThan(10);
  });

  it('matches descriptions to titles in time linear in the number of officials named', () => {
    // Every "the minister" is looked up among every title the article gave.
    const article = (n: number) => [
      Array.from({ length: n }, (_, i) => `Federal Minister Sardar Name${i} Khan spoke.`).join(' '),
      Array.from({ length: n }, (_, i) => `“Item ${i} is settled,” the minister said.`).join(' '),
    ];
    expect(growthOfFourfold((n) => quotesOf(...article(n)), 300)).toBeLessThan(10);
  });

  it('keeps a 50,000-character quotation whole', () => {
    const long = 'word '.repeat(10_000).trim();
    const { quotes } = quotesOf(`Asif said: “${long}.”`);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.text).toHaveLength(long.length + 1);
    expect(quotes[0]!.speaker).toBe('Asif');
  });

  it('reads a paragraph-long run of opening marks and names without throwing', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `“Name${i} Khan said`).join(' ');
    expect(() => quotesOf(text, `“${text}`)).not.toThrow();
  });
});

describe('findQuotedSpans', () => {
  it('returns the offsets of the words between the marks', () => {
    const body = 'He said “yes” and then "no."';
    expect(findQuotedSpans(body).map((s) => body.slice(s.start, s.end))).toEqual(['yes', 'no.']);
  });
});

describe('words read by character code', () => {
  // Letters whose lower case is longer ("İ" → "i̇"), Greek, Urdu, accents, curly apostrophes, dashes.
  const pieces = fc.constantFrom('İstanbul', 'ΟΔΟΣ', 'ΚαΣ', 'Ahmed', 'O’Malley', 'al-Awlaki', 'Dr.', 'U.S.', 'خواجہ', 'Ça', 'ﬁeld', '“', '”', ',', '.', ':', '\u00ad', '\u200b', ' ', '\n\n', '—', "don't", 'SAID', '𝐀𝐁');

  it('gives every token its exact text, offsets and lower case, whatever the script', () => {
    fc.assert(
      // Joined without spaces too: a sigma's lower case depends on what touches it ("ΟΔΟΣ:").
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 }), fc.constantFrom(' ', ''), fc.nat(8), (parts, joiner, cut) => {
        const body = parts.join(joiner);
        const from = Math.min(cut, body.length);
        const wrong = tokenize(body, from, body.length).filter((t) => body.slice(t.start, t.end) !== t.text || t.lower !== t.text.toLowerCase());
        expect(wrong).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps offsets after a letter whose lower case is longer', () => {
    const body = 'İİ Governor Ali Khan said';
    const tokens = tokenize(body, 0, body.length);
    expect(tokens.map((t) => t.lower)).toEqual(['i̇i̇', 'governor', 'ali', 'khan', 'said']);
    expect(tokens.map((t) => body.slice(t.start, t.end))).toEqual(['İİ', 'Governor', 'Ali', 'Khan', 'said']);
  });

  it('lower-cases a final sigma as the word alone would, whatever follows it', () => {
    const body = 'ΟΔΟΣ:Α';
    expect(tokenize(body, 0, body.length)[0]!.lower).toBe('οδος');
    // The short name finds the full one only if both lower-case alike.
    const { quotes } = quotesOf('Minister Nikos ΚαΣ:x spoke on Monday in Athens. Later, ΚαΣ said: “We will win again and again.”');
    expect(quotes.map((q) => [q.speaker, q.role])).toEqual([['Nikos ΚαΣ', 'Minister']]);
  });

  it('finds organisation words split by spaces (no-break ones too) and hyphens', () => {
    expect(isOrganisation('Tehreek-e-Taliban Pakistan')).toBe(true);
    expect(isOrganisation('Foreign\u00a0Office')).toBe(true);
    expect(isOrganisation('ISPR')).toBe(true);
    expect(isOrganisation('Khawaja Asif')).toBe(false);
    expect(isOrganisation('Officer Khan')).toBe(false);
  });

  it('ends sentences at full stops, question and exclamation marks only', () => {
    const body = 'Stop! Now? Yes. Dr. Khan; no: “fine”';
    expect(tokenize(body, 0, body.length).filter(endsSentence).map((t) => t.text)).toEqual(['!', '?', '.']);
  });

  it('takes no lone initial for a speaker', () => {
    expect(speakers('“We will win this war,” U. said.')).toEqual([['We will win this war,', null]]);
  });

  it('reads words split by a thin space as words of a title', () => {
    expect(speakers('The army named it “Operation\u2009Red\u2009Storm” on Monday, officials said.')).toEqual([]);
  });

  it('reads the longest contractions as pronouns ("they’ve")', () => {
    expect(speakers('The ISPR issued a statement on Monday.', '“Any aggression will be met with full force,” they’ve said.')).toEqual([['Any aggression will be met with full force,', 'ISPR']]);
  });

  it('lengthens a short name used before without a title to the full one used later', () => {
    expect(speakers('Obama spoke on Monday. Later, Barack Obama said: “We will act.” Then Obama said: “Soon we will.”').map(([, speaker]) => speaker)).toEqual(['Barack Obama', 'Barack Obama']);
  });

  it('reads a title in accented words as a title and a sentence in them as a quote', () => {
    expect(speakers('The army named it “Operación Tormenta Roja” on Monday, officials said.')).toEqual([]);
    expect(speakers('“Ça va très bien à Kaboul,” the envoy said.').map(([text]) => text)).toEqual(['Ça va très bien à Kaboul,']);
  });
});
