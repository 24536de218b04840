import { expect } from '@open-wc/testing';
import { modalityColor, modalityColorKey, modalityColorVariable } from './theme.js';

describe('modality colours', () => {
  it('maps modalities to their colour family', () => {
    expect(modalityColorVariable('CT')).to.equal('--studyline-modality-ct');
    expect(modalityColorVariable('dx')).to.equal('--studyline-modality-dx');
    expect(modalityColorKey('RF')).to.equal('xa');
    expect(modalityColorKey('KO')).to.equal('sr');
  });

  it('uses the other colour for unknown or missing modalities', () => {
    expect(modalityColorVariable('ZZ')).to.equal('--studyline-modality-other');
    expect(modalityColorVariable(undefined)).to.equal('--studyline-modality-other');
    expect(modalityColorVariable('')).to.equal('--studyline-modality-other');
  });

  it('paints through the theme’s private property', () => {
    expect(modalityColor('MR')).to.equal('var(--_sl-modality-mr)');
  });
});
