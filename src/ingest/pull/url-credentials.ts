// Credentials in a URL's user info, for ffmpeg's rtmp and http clients (the only way its rtmp
// client takes them). Pure.
//
// The WHATWG URL setters percent-encode the userinfo set but leave "%" as it is, and ffmpeg
// percent-decodes the user info it finds: a password "a%41" would arrive as "aA". A "%" is
// therefore written as "%25" first, so what ffmpeg decodes is exactly the secret.

export function urlWithCredentials(url: string, username: string, password: string): URL {
  const parsed = new URL(url);
  parsed.username = username.split("%").join("%25");
  parsed.password = password.split("%").join("%25");
  return parsed;
}
