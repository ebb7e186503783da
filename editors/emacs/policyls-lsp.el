;;; policyls-lsp.el --- Run the policyls language server with lsp-mode  -*- lexical-binding: t; -*-

;;; Commentary:

;; policyls checks AWS policy JSON: SES identity (sending authorization)
;; policies, IAM permission policies and IAM role trust policies.  This file
;; registers it with lsp-mode as an add-on server for JSON buffers, so it runs
;; next to the usual JSON server (json-ls):
;;
;;   (load "/path/to/policyls/editors/emacs/policyls-lsp.el")
;;   (add-hook 'json-mode-hook #'lsp-deferred)
;;
;; `policyls-kinds' forces the policy kind by path glob; it is sent as
;; initializationOptions and answers the server's workspace/configuration
;; request for the "policyls" section.

;;; Code:

(defgroup policyls nil
  "The policyls language server for AWS policy JSON."
  :group 'tools
  :prefix "policyls-")

(defcustom policyls-command '("policyls")
  "The command that starts the policyls language server, with its arguments."
  :type '(repeat string))

(defcustom policyls-kinds []
  "Policy kinds by path glob, the first match winning.
A vector of plists such as [(:glob \"**/trust/*.json\" :kind \"trust\")].
Globs are relative to the project root; kinds are ses-identity,
iam-identity, trust, rcp, scp and unknown."
  :type 'sexp)

(declare-function lsp-register-custom-settings "lsp-mode" (props))
(declare-function lsp-register-client "lsp-mode" (client))
(declare-function lsp-configuration-section "lsp-mode" (section))
(declare-function lsp-stdio-connection "lsp-mode" (command &optional test-command))
(declare-function lsp-activate-on "lsp-mode" (&rest languages))
(declare-function make-lsp-client "lsp-mode" (&rest args))

(with-eval-after-load 'lsp-mode
  (lsp-register-custom-settings '(("policyls.kinds" policyls-kinds)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () policyls-command))
    :activation-fn (lsp-activate-on "json" "yaml" "terraform")
    :add-on? t
    :server-id 'policyls
    :initialization-options (lambda () (lsp-configuration-section "policyls")))))

(provide 'policyls-lsp)
;;; policyls-lsp.el ends here
