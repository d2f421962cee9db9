/**
 * sharp, loaded on first use: importing it (and libvips) is a visible share of a cold start, and
 * most `pixmock serve` runs answer their first image much later, if at all.
 */
import type sharpModule from 'sharp';

export type Sharp = typeof sharpModule;

let loading: Promise<Sharp> | undefined;

export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
