import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { traceHeader, traceRow } from '../../src/report/trace.js';
import { parabolaFit, rosenbrockMinimum, wxb } from './fixtures.js';

describe('renderCsv: a header row of names and one row of values', () => {
  it('grad: value and each partial derivative', () => {
    expect(renderCsv(wxb)).toBe('value,dy/dx,dy/dw,dy/db\n11,2,4,1\n');
  });

  it('minimize: minimum, the variables, iterations, converged', () => {
    expect(renderCsv(rosenbrockMinimum({ minimum: 1e-30, at: { x: 0.1 + 0.2, y: 1 } }))).toBe('minimum,x,y,iterations,converged\n1e-30,0.30000000000000004,1,35,true\n');
  });

  it('fit: parameters, their standard errors, the statistics, iterations, converged', () => {
    const [header, row, rest] = renderCsv(parabolaFit()).split('\n');
    expect(header).toBe('c0,c1,c2,stderr_c0,stderr_c1,stderr_c2,n,rss,rmse,r2,dof,iterations,converged');
    expect(row).toBe('-0.6188997451031735,1.1712774901993916,-0.5419991319281394,0.20162042874075528,0.04710779865996047,0.012729161847241769,200,750.2426090491267,1.9368613651,0.97091,197,7,true');
    expect(rest).toBe('');
  });

  it('a fit that failed its verdict (exit 3) is not converged in the row, whatever the optimiser stopped on', () => {
    const failed = parabolaFit({ failure: { step: 0, message: 'the data do not show the term of a3', remedies: [] } });
    const [header, row] = renderCsv(failed).split('\n');
    expect(row.split(',')[header.split(',').indexOf('converged')]).toBe('false');
  });

  it('leaves a missing standard error empty and writes non-finite numbers as pandas reads them', () => {
    const fit = parabolaFit({ stderr: { c0: null, c1: 0.5, c2: null }, stats: { n: 3, rss: 0, rmse: 0, r2: NaN, dof: 0, chi2red: null } });
    const row = renderCsv(fit).split('\n')[1].split(',');
    expect(row.slice(3, 6)).toEqual(['', '0.5', '']);
    expect(row[9]).toBe('NaN');
  });
});

describe('--trace rows', () => {
  it('start with a header of step, f and the variables', () => {
    expect(traceHeader(['x', 'y'])).toBe('step,f,x,y\n');
  });

  it('write each step at full precision', () => {
    expect(traceRow(3, 0.1 + 0.2, Float64Array.of(-1 / 3, 2))).toBe('3,0.30000000000000004,-0.3333333333333333,2\n');
    expect(traceRow(4, Infinity, [NaN])).toBe('4,inf,NaN\n');
  });

  it('quote a name that holds a comma', () => {
    expect(traceHeader(['a,b'])).toBe('step,f,"a,b"\n');
  });
});
