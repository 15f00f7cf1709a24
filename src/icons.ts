import { LabIcon } from '@jupyterlab/ui-components';

/**
 * A small fir tree. The `jp-icon3` class lets JupyterLab recolour the icon
 * for the light and dark themes.
 */
const treeSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 2 5 11h3.5L4 17h7v5h2v-5h7l-4.5-6H19z"/>
  </g>
</svg>`;

export const treeIcon = new LabIcon({
  name: 'ncp-df:tree',
  svgstr: treeSvg
});
