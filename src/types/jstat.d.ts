/** The part of jStat (https://github.com/jstat/jstat) ehsim uses: inverse CDFs. */
declare module 'jstat' {
  interface Inv2 {
    inv(p: number, a: number, b: number): number;
    cdf(x: number, a: number, b: number): number;
  }
  const jStat: {
    beta: Inv2;
    gamma: Inv2;
    lognormal: Inv2;
    normal: Inv2;
    uniform: Inv2;
    triangular: { inv(p: number, min: number, max: number, mode: number): number };
    studentt: { inv(p: number, dof: number): number };
    chisquare: { inv(p: number, dof: number): number };
  };
  const jstat: { jStat: typeof jStat };
  export default jstat;
}
