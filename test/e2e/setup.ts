// Real engines (LibreOffice start-up, Chromium) take seconds, not milliseconds.
jest.setTimeout(300_000);
