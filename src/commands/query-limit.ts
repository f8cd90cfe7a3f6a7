/**
 * The longest query /fentanyl, the console and `npm run ask` accept, in characters (Discord
 * enforces it as the option's max_length). Longer text is refused, not cut.
 */
export const QUERY_MAX_LENGTH = 200;
