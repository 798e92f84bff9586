// ESLint for the JavaScript gongshi ships: the kiosk board's script, which
// must run on old players (Android WebViews from before ES2015), and serve's
// live-reload script. Both are parsed as ES5 scripts: `let`, `const`, arrow
// functions, template strings, classes, spread and modules are syntax errors.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    files: ["themes/default/templates/kiosk/*.js", "src/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      // ES5 has no `catch {}` without a binding: an unused `e` is the only way.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: ["themes/default/templates/kiosk/*.js"],
    rules: {
      // Old players have no fetch or promises; one setTimeout chain drives
      // the board (an interval would pile up on a busy player).
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Old players have no fetch: use XMLHttpRequest." },
        { name: "Promise", message: "Old players have no promises." },
        { name: "setInterval", message: "One setTimeout chain drives the board." },
      ],
      // The site's wall time comes from UTC plus the site's offset, never
      // from the zone the device happens to be set to.
      "no-restricted-properties": [
        "error",
        ...["getHours", "getMinutes", "getDate", "getDay", "getMonth", "getFullYear", "toLocaleString",
          "toLocaleDateString", "toLocaleTimeString"].map((property) => ({
          property,
          message: "Read the site's time with getUTC* after adding the site's offset.",
        })),
        { property: "setInterval", message: "One setTimeout chain drives the board." },
      ],
    },
  },
];
