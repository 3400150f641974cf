import { swaggerUI } from '@hono/swagger-ui';

// `GET /docs` renders the OpenAPI document with Swagger UI from the jsDelivr CDN.
// The assets are pinned to one published version of swagger-ui-dist and carry
// Subresource Integrity hashes, so a browser runs them only if they are byte for
// byte what was reviewed; a changed or compromised CDN file is refused, not run.
// To upgrade: `npm pack swagger-ui-dist@<version>`, then for each file
// `openssl dgst -sha384 -binary <file> | base64` and replace the hashes below.
export const SWAGGER_UI_VERSION = '5.35.0';
const SWAGGER_UI_BASE = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI_VERSION}`;
const SWAGGER_UI_CSS = {
  href: `${SWAGGER_UI_BASE}/swagger-ui.css`,
  integrity: 'sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I',
};
const SWAGGER_UI_JS = {
  src: `${SWAGGER_UI_BASE}/swagger-ui-bundle.js`,
  integrity: 'sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9',
};

export const docsPage = (specUrl: string) =>
  swaggerUI({
    url: specUrl,
    title: 'Aisle API',
    manuallySwaggerUIHtml: () => `
    <div>
      <div id="swagger-ui"></div>
      <link rel="stylesheet" href="${SWAGGER_UI_CSS.href}" integrity="${SWAGGER_UI_CSS.integrity}" crossorigin="anonymous" />
      <script src="${SWAGGER_UI_JS.src}" integrity="${SWAGGER_UI_JS.integrity}" crossorigin="anonymous"></script>
      <script>
        window.onload = () => {
          window.ui = SwaggerUIBundle({ dom_id: '#swagger-ui', url: ${JSON.stringify(specUrl)} });
        };
      </script>
    </div>`,
  });
