/** Binary search in ascending number arrays, from d3-array. */
export { bisectLeft, bisectRight } from 'd3-array';
