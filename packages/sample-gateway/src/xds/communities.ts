/**
 * The sample XDS-I.b environment: an affinity domain per community, each
 * with a registry, a repository for the manifests and an Imaging Document
 * Source, all served by the sample gateway. Every identifier is under the
 * sample UID root, so none belongs to a real organisation.
 */
import { SAMPLE_UID_ROOT } from '../uid.js';

/** One community of the sample XDS environment. */
export interface XdsCommunityDefinition {
  /** Path segment of the community's endpoints, `/xds/<key>/…`. */
  key: string;
  label: string;
  /** homeCommunityId, `urn:oid:…`. */
  homeCommunityId: string;
  /** repositoryUniqueId of the repository that stores the manifests. */
  repositoryUniqueId: string;
  /** repositoryUniqueId of the Imaging Document Source, which the manifests name as Retrieve Location UID. */
  imagingSourceUniqueId: string;
  /** Key of the sample source whose studies the community shares. Absent for a community without studies. */
  sampleSourceKey?: string;
  /** A community that is unreachable: the initiating gateway reports it with XDSUnavailableCommunity. */
  unavailable?: boolean;
}

const XDS_ROOT = `${SAMPLE_UID_ROOT}10`;

/** Assigning authority of the patient identifiers in the sample affinity domains. */
export const XDS_PATIENT_ASSIGNING_AUTHORITY = `${XDS_ROOT}.0`;

export const SAMPLE_XDS_COMMUNITIES: readonly XdsCommunityDefinition[] = [
  {
    key: 'rijnstad',
    label: 'Rijnstad Ziekenhuis',
    homeCommunityId: `urn:oid:${XDS_ROOT}.1`,
    repositoryUniqueId: `${XDS_ROOT}.1.1`,
    imagingSourceUniqueId: `${XDS_ROOT}.1.2`,
    sampleSourceKey: 'rijnstad',
  },
  {
    key: 'noordzee',
    label: 'Noordzee Kliniek',
    homeCommunityId: `urn:oid:${XDS_ROOT}.2`,
    repositoryUniqueId: `${XDS_ROOT}.2.1`,
    imagingSourceUniqueId: `${XDS_ROOT}.2.2`,
    sampleSourceKey: 'noordzee',
  },
  {
    key: 'zuiderhaven',
    label: 'Zuiderhaven Ziekenhuis',
    homeCommunityId: `urn:oid:${XDS_ROOT}.3`,
    repositoryUniqueId: `${XDS_ROOT}.3.1`,
    imagingSourceUniqueId: `${XDS_ROOT}.3.2`,
    unavailable: true,
  },
];
