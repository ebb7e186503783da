;;; policyls-test-lib.el --- Helpers for the headless Emacs tests  -*- lexical-binding: t; -*-

;;; Commentary:

;; Checks that print one line each, bounded waits, the rule IDs the server
;; last published per file (recorded by the client-specific test), and the
;; project the tests share (from run.sh, through the environment).

;;; Code:

(require 'cl-lib)

(defvar policyls-test-failures 0)
(defvar policyls-test-published (make-hash-table :test #'equal)
  "Diagnostics codes by file name, from the last publishDiagnostics.")

(defun policyls-test-check (ok what)
  "Report WHAT as passed when OK, else count a failure."
  (princ (format "%s %s\n" (if ok "ok  " "FAIL") what))
  (unless ok (cl-incf policyls-test-failures))
  ok)

(defun policyls-test-wait (pred &optional seconds)
  "Wait until PRED returns non-nil, at most SECONDS (10); return its value."
  (let ((deadline (+ (float-time) (or seconds 10)))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun policyls-test-codes (file)
  "The rule IDs last published for FILE."
  (gethash (expand-file-name file) policyls-test-published))

(defun policyls-test-has (file &rest codes)
  "Non-nil when every one of CODES was last published for FILE."
  (cl-every (lambda (c) (member c (policyls-test-codes file))) codes))

(defvar policyls-test-bin (getenv "POLICYLS_BIN") "The server under test.")
(defvar policyls-test-project (file-name-as-directory (or (getenv "POLICYLS_PROJECT") "/nonexistent"))
  "A git project with .policyls.json (trust/*.json -> trust) and copies of a
broken policy: policy.json, trust/role.json and ses/identity.json.")

(defun policyls-test-file (name)
  "The absolute name of NAME in the test project."
  (expand-file-name name policyls-test-project))

(defun policyls-test-record (file codes)
  "Record CODES as the rule IDs last published for FILE."
  (puthash (expand-file-name file) (mapcar (lambda (c) (format "%s" c)) codes) policyls-test-published))

(defvar policyls-test-policy (policyls-test-file "policy.json"))
(defvar policyls-test-trust (policyls-test-file "trust/role.json"))
(defvar policyls-test-ses (policyls-test-file "ses/identity.json"))

(defun policyls-test-load (feature)
  "Load FEATURE from editors/emacs, with a `json-mode' to attach to.
Debian 12 has no json-mode package; a stand-in of that name is defined
when it is missing, since the editor entries key on the mode name."
  (unless (fboundp 'json-mode)
    (define-derived-mode json-mode js-mode "JSON"))
  (add-to-list 'load-path (getenv "POLICYLS_EMACS_DIR"))
  (require feature))

(defun policyls-test-finish (run)
  "Call RUN, count an error as a failure, report and exit Emacs."
  (condition-case err
      (funcall run)
    (error (policyls-test-check nil (format "error: %S" err))))
  (princ (if (> policyls-test-failures 0)
             (format "%d check(s) failed\n" policyls-test-failures)
           "all checks passed\n"))
  (kill-emacs (if (> policyls-test-failures 0) 1 0)))

(provide 'policyls-test-lib)
;;; policyls-test-lib.el ends here
