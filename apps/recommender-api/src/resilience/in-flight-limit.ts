/** A count of requests in flight with a bound: `tryEnter` refuses past it rather than letting requests queue. */
export class InFlightLimit {
  private current = 0;

  constructor(readonly max: number) {}

  get count(): number {
    return this.current;
  }

  tryEnter(): boolean {
    if (this.current >= this.max) return false;
    this.current++;
    return true;
  }

  leave(): void {
    if (this.current > 0) this.current--;
  }
}
