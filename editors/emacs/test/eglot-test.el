;;; eglot-test.el --- Headless test of policyls-eglot.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by test/run.sh as
;;   emacs --batch -q -l eglot-test.el
;; with POLICYLS_BIN, POLICYLS_PROJECT and POLICYLS_EMACS_DIR (editors/emacs)
;; in the environment (see policyls-test-lib.el).  It loads policyls-eglot.el, opens
;; the policy in json-mode, connects Eglot the way `eglot-ensure' does, and
;; checks diagnostics (as Eglot receives them and as Flymake shows them),
;; settings, edits and the outline (imenu, from documentSymbol).  It exits
;; with status 1 on any failure; every wait is bounded.

;;; Code:

(add-to-list 'load-path (file-name-directory (or load-file-name buffer-file-name)))
(require 'policyls-test-lib)

(defun policyls-test-open (file)
  "Visit FILE in `json-mode' and connect Eglot as `eglot-ensure' does."
  (find-file file)
  (json-mode)
  (eglot-ensure)
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun policyls-test-run ()
  "Run the checks."
  (let ((policy policyls-test-policy)
        (trust policyls-test-trust)
        (ses policyls-test-ses))
    (require 'eglot)
    (policyls-test-load 'policyls-eglot)
    (policyls-test-check (equal (cdr (assoc '(json-mode json-ts-mode js-json-mode) eglot-server-programs))
                         '("policyls"))
                         "policyls-eglot.el adds (json-mode json-ts-mode js-json-mode) -> policyls")
    ;; Start the binary under test through the same entry.
    (setf (cdr (assoc '(json-mode json-ts-mode js-json-mode) eglot-server-programs)) (list policyls-test-bin))
    (setq-default eglot-workspace-configuration
                  '(:policyls (:kinds [(:glob "ses/*.json" :kind "ses-identity")])))
    (setq eglot-sync-connect 10)
    (advice-add 'eglot-handle-notification :before
                (lambda (_server method &rest params)
                  (when (eq method 'textDocument/publishDiagnostics)
                    (policyls-test-record (eglot--uri-to-path (plist-get params :uri))
                                          (mapcar (lambda (d) (plist-get d :code))
                                                  (plist-get params :diagnostics))))))

    ;; 1. Diagnostics on the broken identity policy.
    (with-current-buffer (policyls-test-open policy)
      (policyls-test-check (eglot-current-server) "Eglot connected to policyls")
      (policyls-test-check
       (policyls-test-wait (lambda () (policyls-test-has policy "POL009" "POL001" "JSON004" "IAM002" "POL003")))
       (format "diagnostics POL009 POL001 JSON004 IAM002 POL003 (got %s)" (policyls-test-codes policy)))
      (policyls-test-check
       (policyls-test-wait (lambda ()
                             (flymake-start)
                             (cl-some (lambda (d) (string-match-p "\"allow\"" (flymake-diagnostic-text d)))
                                      (flymake-diagnostics))))
       "Flymake shows the Effect \"allow\" diagnostic")

      ;; 2. An edit reaches the server: fixing the Effect clears POL009.
      (goto-char (point-min))
      (search-forward "\"allow\"")
      (replace-match "\"Allow\"" t t)
      (eglot--signal-textDocument/didChange)
      (policyls-test-check
       (policyls-test-wait (lambda () (and (policyls-test-has policy "POL001")
                                           (not (policyls-test-has policy "POL009")))))
       (format "after the edit POL009 is gone (got %s)" (policyls-test-codes policy)))

      ;; 3. The outline, through imenu.
      (let ((index (imenu--make-index-alist t)))
        (policyls-test-check
         (cl-labels ((walk (items) (cl-some (lambda (it)
                                              (or (equal (car-safe it) "Allow sending")
                                                  (and (listp (cdr-safe it)) (walk (cdr it)))))
                                            items)))
           (walk index))
         (format "imenu (documentSymbol) lists \"Allow sending\" (got %S)" (mapcar #'car-safe index)))))

    ;; 4. .policyls.json at the project root and the workspace configuration.
    (policyls-test-open trust)
    (policyls-test-check (policyls-test-wait (lambda () (policyls-test-has trust "TRUST002")))
                         (format "trust/role.json is a trust policy via .policyls.json (got %s)" (policyls-test-codes trust)))
    (policyls-test-open ses)
    (policyls-test-check (policyls-test-wait (lambda () (and (policyls-test-has ses "POL012")
                                                             (not (policyls-test-has ses "IAM002")))))
                         (format "ses/identity.json is an SES identity policy via eglot-workspace-configuration (got %s)"
                                 (policyls-test-codes ses)))
    (let ((servers (delete-dups (mapcar (lambda (f) (with-current-buffer (find-buffer-visiting f) (eglot-current-server)))
                                        (list policy trust ses)))))
      (policyls-test-check (and (= 1 (length servers)) (car servers)) "one server for the project"))))

(policyls-test-finish
 (lambda ()
   (unwind-protect (policyls-test-run)
     (ignore-errors (eglot-shutdown-all)))))

;;; eglot-test.el ends here
