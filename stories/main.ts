// Storybook configuration: the stories sit beside each element in packages/elements/src.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../packages/elements/src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    viteConfig.resolve ??= {};
    // Resolve @studyline/* packages to their TypeScript sources, as the tests do.
    viteConfig.resolve.conditions = ['source', 'browser', 'module', 'import', 'default'];
    return viteConfig;
  },
};

export default config;
