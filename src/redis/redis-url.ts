/** A Redis URL as a message may show it: the password replaced, so logs and errors never carry it. */
export function shownRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unreadable URL)';
  }
}
