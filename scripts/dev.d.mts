export declare function devEnvironment(
  env: Record<string, string | undefined>,
  repositoryRoot: string,
): {
  API_PORT: string;
  DEV_APP_URL: string;
  WEB_PORT: string;
  PORT: string;
  APP_URL: string;
  DATA_DIR: string;
  INIT_CWD: string;
};
