/**
 * The demo's sources, built from the sample gateway's `/demo/config.json`:
 * the own hospital over DICOMweb, and the other hospitals over XDS-I.b or
 * DICOMweb, as the gateway was started.
 */
import { combineSources, type AuthHook, type CombinedAdapter, type SourceInfo, type StudylineAdapter } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';
import { XdsAdapter } from '@studyline/xds';

interface DemoSource {
  id: string;
  label: string;
  kind: 'internal' | 'external';
  institution?: string;
  /** `sample` for the gateway's own sample archives, `upstream` for a server it forwards to. */
  type?: 'sample' | 'upstream';
  baseUrl: string;
}

interface DemoCommunity {
  id: string;
  label: string;
  homeCommunityId: string;
}

export interface DemoConfig {
  patient: { id: string; issuer?: string };
  sources: DemoSource[];
  externals?: 'xds' | 'dicomweb';
  xds?: {
    queryUrl: string;
    documentRetrieveUrl: string;
    imagingRetrieveUrl: string;
    patientAssigningAuthority: string;
    communities: DemoCommunity[];
  };
}

export interface DemoAdapters {
  /** Every source in one adapter, for the history. */
  history: CombinedAdapter;
  /** The own hospital's archive, the target of imports. */
  own: StudylineAdapter;
}

function sourceInfo(source: DemoSource): SourceInfo {
  const info: SourceInfo = { id: source.id, label: source.label, kind: source.kind };
  if (source.institution !== undefined) info.institution = source.institution;
  return info;
}

/** Creates the demo's adapters; every request of every adapter goes through `auth`. */
export function createAdapters(config: DemoConfig, auth: AuthHook): DemoAdapters {
  const useXds = config.externals !== 'dicomweb' && config.xds !== undefined;
  const dicomweb = config.sources
    // Over XDS the gateway's sample external archives are reached as communities instead.
    .filter((source) => source.kind === 'internal' || !useXds || source.type === 'upstream')
    .map((source) => new DicomWebAdapter({ baseUrl: source.baseUrl, source: sourceInfo(source), auth }));
  const own = dicomweb.find((adapter) => adapter.source.kind === 'internal');
  if (own === undefined) throw new Error('The demo configuration has no internal source.');

  const adapters: StudylineAdapter[] = [...dicomweb];
  if (useXds && config.xds !== undefined) {
    const xds = config.xds;
    adapters.push(
      new XdsAdapter({
        auth,
        communities: xds.communities.map((community) => ({
          source: { id: community.id, label: community.label, kind: 'external', community: community.homeCommunityId },
          homeCommunityId: community.homeCommunityId,
          patientAssigningAuthority: xds.patientAssigningAuthority,
          queryUrl: xds.queryUrl,
          documentRetrieveUrl: xds.documentRetrieveUrl,
          imagingRetrieveUrl: xds.imagingRetrieveUrl,
        })),
        // XDS metadata sends UTC. The sample hospitals are Dutch, so their times read in Amsterdam time
        // in every browser, as their DICOM StudyTime does after an import.
        timeZone: 'Europe/Amsterdam',
        // The sample affinity domain registers the patient under the hospital's identifier; a real
        // deployment looks the patient up with PIX or PDQ here.
        resolvePatient: async (identifiers, assigningAuthority) =>
          identifiers[0] === undefined ? undefined : { id: identifiers[0].id, issuer: assigningAuthority },
      }),
    );
  }
  return { history: combineSources(adapters, { storeTarget: own }), own };
}
