// Short articles written for the contract suite (not from any outlet): enough to exercise tagging,
// quotes with named speakers, stemming, duplicates by text and by URL, and two stories.
import type { Item } from './ingest.ts';

export const ITEMS: Item[] = [
  {
    id: 'raid-one', outlet: 'Frontier Desk', published: '2025-06-10T08:00:00Z', url: 'https://example.org/news/raid-one?utm_source=feed',
    title: 'Security forces kill six militants in raid near Miranshah',
    text: 'Security forces killed six militants of the Tehreek-e-Taliban Pakistan during a raid near Miranshah in North Waziristan on Tuesday, officials said.\n\n'
      + '"The militants were planning attacks on police stations," Colonel Amir Baig, a spokesman for the paramilitary force, told reporters. The operation continued into the night.',
  },
  {
    id: 'raid-two', outlet: 'Valley Wire', published: '2025-06-11T06:00:00Z',
    title: 'Six TTP fighters dead after overnight operation in Miranshah',
    text: 'Six fighters of the Tehreek-e-Taliban Pakistan died in an overnight operation by security forces near Miranshah, North Waziristan, the military said on Wednesday.\n\n'
      + '"We will continue the operation until the area is cleared," Colonel Amir Baig said.',
  },
  {
    id: 'police-post', outlet: 'Frontier Desk', published: '2025-05-02T10:00:00Z',
    title: 'Gunmen attacked a police checkpoint in Lakki Marwat',
    text: 'Gunmen attacked a police checkpoint in Lakki Marwat district late on Thursday, wounding three constables, the district police officer said. The attackers fled towards the hills.',
  },
  {
    id: 'crossing', outlet: 'Valley Wire', published: '2025-06-12T07:00:00Z',
    title: 'Chaman border crossing reopens for trade',
    text: 'The Chaman border crossing between Pakistan and Afghanistan reopened for trade on Thursday after a week-long closure that left lorries queued for kilometres on both sides.',
  },
];

/** The first item again, pasted with other spacing and punctuation: the same text hash. */
export const SAME_TEXT: Item = { ...ITEMS[0]!, id: 'raid-one-again', text: ITEMS[0]!.text.replace(/\n\n/, '\n\n  ').replace(/,/g, ' ,'), url: undefined };
/** Another text at the first item's address (tracking parameters aside): the same canonical URL. */
export const SAME_URL: Item = { ...ITEMS[3]!, id: 'crossing-moved', title: 'Crossing reopens', text: 'A different text about the crossing at Chaman, reopened on Thursday for lorries and traders.', url: 'https://www.example.org/news/raid-one/' };
