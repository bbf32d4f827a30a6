// /api/docs: Swagger UI (static/vendor/swagger-ui) renders the contract at /api/v1/openapi.json.
// No validator badge (it would send the document to a third party), no "Try it out" by default.
(function () {
  "use strict";
  var element = document.getElementById("api-reference");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute("data-spec-url"),
    domNode: element,
    validatorUrl: null,
    deepLinking: true,
    docExpansion: "list", // every operation listed, none expanded
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
})();
