/**
 * The benchmark report: every figure next to the floor measured in the same
 * run, the ratio between them, and the target it is checked against.
 */
import { round } from './stats.js';

export type Target =
  | { kind: 'max'; limit: number } // value <= limit
  | { kind: 'min'; limit: number } // value >= limit
  | { kind: 'ratio'; limit: number } // value <= limit × floor
  | { kind: 'over-floor'; limit: number }; // value <= floor + limit

export interface Figure {
  scenario: string;
  name: string;
  value: number;
  unit: string;
  floor?: { name: string; value: number };
  target?: Target;
  note?: string;
}

export interface CheckedFigure extends Figure {
  ratio?: number;
  met?: boolean;
}

function meets(figure: Figure): boolean | undefined {
  const { target, floor, value } = figure;
  if (!target) return undefined;
  switch (target.kind) {
    case 'max':
      return value <= target.limit;
    case 'min':
      return value >= target.limit;
    case 'ratio':
      return floor ? value <= target.limit * floor.value : undefined;
    case 'over-floor':
      return floor ? value <= floor.value + target.limit : undefined;
  }
}

export function check(figure: Figure, quick: boolean): CheckedFigure {
  const ratio = figure.floor && figure.floor.value > 0 ? round(figure.value / figure.floor.value, 2) : undefined;
  // Quick runs use toy sizes: their numbers say the suite works, not whether targets are met.
  return { ...figure, ...(ratio === undefined ? {} : { ratio }), ...(quick ? {} : { met: meets(figure) }) };
}

export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  switch (target.kind) {
    case 'max':
      return `≤ ${target.limit} ${unit}`;
    case 'min':
      return `≥ ${target.limit} ${unit}`;
    case 'ratio':
      return `≤ ${target.limit}× floor`;
    case 'over-floor':
      return `≤ floor + ${target.limit} ${unit}`;
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function markdownTable(figures: readonly CheckedFigure[]): string {
  const lines = ['| scenario | figure | value | floor | ratio | target (or note) | met |', '|---|---|---:|---|---:|---|:---:|'];
  for (const f of figures) {
    const floor = f.floor ? `${f.floor.name}: ${round(f.floor.value, 2)} ${f.unit}` : '';
    const met = f.met === undefined ? '' : f.met ? '✅' : '❌';
    lines.push(
      `| ${cell(f.scenario)} | ${cell(f.name)} | ${round(f.value, 2)} ${f.unit} | ${cell(floor)} | ${f.ratio ?? ''} | ${cell(f.target ? describeTarget(f.target, f.unit) : (f.note ?? ''))} | ${met} |`,
    );
  }
  return lines.join('\n');
}
