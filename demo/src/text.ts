/** The demo page's own screen text in English and Dutch; the elements carry their own. */
export type DemoLanguage = 'en' | 'nl';

export interface DemoText {
  title: string;
  language: string;
  theme: string;
  themeLight: string;
  themeDark: string;
  themeAuto: string;
  footer: string;
  startFailed: string;
}

const english: DemoText = {
  title: 'Studyline demo',
  language: 'Language',
  theme: 'Theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeAuto: 'System',
  footer:
    "Sample data: a fictional patient whose studies are built from small real DICOM images (pydicom's test files), served by the sample gateway over DICOMweb and XDS-I.b.",
  startFailed: 'The demo could not start.',
};

const dutch: DemoText = {
  title: 'Studyline-demo',
  language: 'Taal',
  theme: 'Thema',
  themeLight: 'Licht',
  themeDark: 'Donker',
  themeAuto: 'Systeem',
  footer:
    'Voorbeeldgegevens: een fictieve patiënt met onderzoeken die zijn gemaakt van kleine echte DICOM-beelden (de testbestanden van pydicom), via DICOMweb en XDS-I.b geleverd door de voorbeeldgateway.',
  startFailed: 'De demo kon niet starten.',
};

export function demoText(language: DemoLanguage): DemoText {
  return language === 'nl' ? dutch : english;
}
