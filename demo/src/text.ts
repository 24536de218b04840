/** The demo page's own screen text in English and Dutch; the elements carry their own. */
export type DemoLanguage = 'en' | 'nl';

export interface DemoText {
  title: string;
  language: string;
  theme: string;
  themeLight: string;
  themeDark: string;
  themeAuto: string;
  detailsHeading: string;
  detailsEmpty: string;
  footer: string;
  date: string;
  description: string;
  modalities: string;
  institution: string;
  sources: string;
  accession: string;
  referring: string;
  counts: string;
  undated: string;
  unknown: string;
  startFailed: string;
  seriesAndInstances: (series?: number, instances?: number) => string;
}

function counts(language: DemoLanguage, series?: number, instances?: number): string {
  const number = new Intl.NumberFormat(language);
  const parts: string[] = [];
  const plural = new Intl.PluralRules(language);
  if (series !== undefined) {
    const one = plural.select(series) === 'one';
    parts.push(`${number.format(series)} ${language === 'nl' ? (one ? 'serie' : 'series') : one ? 'series' : 'series'}`);
  }
  if (instances !== undefined) {
    const one = plural.select(instances) === 'one';
    parts.push(`${number.format(instances)} ${language === 'nl' ? (one ? 'beeld' : 'beelden') : one ? 'image' : 'images'}`);
  }
  return parts.length === 0 ? '–' : parts.join(', ');
}

const english: DemoText = {
  title: 'Studyline demo',
  language: 'Language',
  theme: 'Theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeAuto: 'System',
  detailsHeading: 'Selected study',
  detailsEmpty: 'Select a study on the timeline to see its details.',
  footer:
    "Sample data: a fictional patient whose studies are built from small real DICOM images (pydicom's test files), served over DICOMweb by the sample gateway.",
  date: 'Date',
  description: 'Description',
  modalities: 'Modalities',
  institution: 'Institution',
  sources: 'Available at',
  accession: 'Accession number',
  referring: 'Referring physician',
  counts: 'Size',
  undated: 'No date',
  unknown: 'Unknown',
  startFailed: 'The demo could not start.',
  seriesAndInstances: (series, instances) => counts('en', series, instances),
};

const dutch: DemoText = {
  title: 'Studyline-demo',
  language: 'Taal',
  theme: 'Thema',
  themeLight: 'Licht',
  themeDark: 'Donker',
  themeAuto: 'Systeem',
  detailsHeading: 'Gekozen onderzoek',
  detailsEmpty: 'Kies een onderzoek op de tijdlijn om de details te zien.',
  footer:
    'Voorbeeldgegevens: een fictieve patiënt met onderzoeken die zijn gemaakt van kleine echte DICOM-beelden (de testbestanden van pydicom), via DICOMweb geleverd door de voorbeeldgateway.',
  date: 'Datum',
  description: 'Omschrijving',
  modalities: 'Modaliteiten',
  institution: 'Instelling',
  sources: 'Beschikbaar bij',
  accession: 'Accessienummer',
  referring: 'Verwijzer',
  counts: 'Omvang',
  undated: 'Geen datum',
  unknown: 'Onbekend',
  startFailed: 'De demo kon niet starten.',
  seriesAndInstances: (series, instances) => counts('nl', series, instances),
};

export function demoText(language: DemoLanguage): DemoText {
  return language === 'nl' ? dutch : english;
}
