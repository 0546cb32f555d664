// The error helpers live in @invite/client, where any app that calls the API can use them.
export { getErrorMessage, getErrorReason, getFieldErrors, isNetworkError } from "@invite/client";
