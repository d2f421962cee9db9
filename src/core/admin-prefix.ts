/** Where every upstream port serves pixmock's own API (health, journal, controls, console). */
export const ADMIN_PREFIX = '/__pixmock';
