// The password rule the UI checks before sending (the server enforces the same: Credentials.MIN_PASSWORD).

export const MIN_PASSWORD = 10;
