/**
 * Imported first by main.ts: from here until the reload trigger is installed (after the
 * knowledge base is loaded), a SIGHUP marks a reload as wanted instead of ending the
 * process, SIGHUP's default. main.ts replays it once the real handler is in place.
 */
let wanted = false;
const hold = () => {
  wanted = true;
};
process.on('SIGHUP', hold);

/** Stop holding SIGHUPs (call once the real handler is installed); true if one arrived meanwhile. */
export function releaseStartupSighup(): boolean {
  process.off('SIGHUP', hold);
  return wanted;
}
