;;; lsp-mode-test.el --- Headless test of policyls-lsp.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by test/run.sh as
;;   emacs --batch -q -l lsp-mode-test.el
;; with POLICYLS_BIN, POLICYLS_PROJECT and POLICYLS_EMACS_DIR (editors/emacs)
;; in the environment (see policyls-test-lib.el).  It loads policyls-lsp.el,
;; opens the policies in json-mode with lsp-mode and checks diagnostics, the
;; kinds setting (initializationOptions and workspace/configuration) and
;; .policyls.json at the project root.

;;; Code:

(add-to-list 'load-path (file-name-directory (or load-file-name buffer-file-name)))
(require 'policyls-test-lib)

(defun policyls-test-lsp-code (d)
  "The code of diagnostic D, a hash table or a plist."
  (if (hash-table-p d) (gethash "code" d) (plist-get d :code)))

(defun policyls-test-lsp-collect ()
  "Record the diagnostics lsp-mode holds, by file."
  (maphash (lambda (file diags)
             (policyls-test-record file (mapcar #'policyls-test-lsp-code diags)))
           (lsp-diagnostics t)))

(defun policyls-test-lsp-open (file)
  "Visit FILE in `json-mode' and start lsp-mode in it."
  (find-file file)
  (json-mode)
  (lsp)
  (current-buffer))

(defun policyls-test-run ()
  "Run the checks."
  (let ((policy policyls-test-policy)
        (trust policyls-test-trust)
        (ses policyls-test-ses))
    (setq lsp-session-file (expand-file-name "lsp-session" temporary-file-directory)
          lsp-auto-guess-root t
          lsp-enable-file-watchers nil
          lsp-keep-workspace-alive nil
          lsp-restart 'ignore
          lsp-disabled-clients '(json-ls)
          ;; Features whose modules Debian's lsp-mode 8.0 does not autoload
          ;; in batch, and that a test does not need.
          lsp-enable-snippet nil
          lsp-modeline-workspace-status-enable nil
          lsp-modeline-code-actions-enable nil
          lsp-modeline-diagnostics-enable nil
          lsp-headerline-breadcrumb-enable nil
          lsp-lens-enable nil)
    (require 'lsp-mode)
    (policyls-test-load 'policyls-lsp)
    (setq policyls-command (list policyls-test-bin)
          policyls-kinds [(:glob "ses/*.json" :kind "ses-identity")])
    (add-hook 'lsp-diagnostics-updated-hook #'policyls-test-lsp-collect)

    (with-current-buffer (policyls-test-lsp-open policy)
      (policyls-test-check (policyls-test-wait (lambda () (lsp-workspaces)))
                           "lsp-mode started policyls")
      (policyls-test-check
       (policyls-test-wait (lambda () (policyls-test-has policy "POL009" "POL001" "JSON004" "IAM002" "POL003")))
       (format "diagnostics POL009 POL001 JSON004 IAM002 POL003 (got %s)" (policyls-test-codes policy))))
    (policyls-test-lsp-open trust)
    (policyls-test-check (policyls-test-wait (lambda () (policyls-test-has trust "TRUST002")))
                         (format "trust/role.json is a trust policy via .policyls.json (got %s)" (policyls-test-codes trust)))
    (policyls-test-lsp-open ses)
    (policyls-test-check (policyls-test-wait (lambda () (and (policyls-test-has ses "POL012")
                                                             (not (policyls-test-has ses "IAM002")))))
                         (format "ses/identity.json is an SES identity policy via policyls-kinds (got %s)"
                                 (policyls-test-codes ses)))))

;; No shutdown here: lsp-mode's kill-emacs-hook shuts the server down once.
;; A second shutdown, sent after the server has exited on the first, would
;; write to a closed pipe and Emacs would die of SIGPIPE.
(policyls-test-finish #'policyls-test-run)

;;; lsp-mode-test.el ends here
