;;; policyls-eglot.el --- Run the policyls language server with Eglot  -*- lexical-binding: t; -*-

;;; Commentary:

;; policyls checks AWS policy JSON: SES identity (sending authorization)
;; policies, IAM permission policies and IAM role trust policies.  This file
;; tells Eglot to start "policyls" (found on `exec-path') for JSON buffers.
;; Load it from your init file, or copy the form below there:
;;
;;   (load "/path/to/policyls/editors/emacs/policyls-eglot.el")
;;
;; Then M-x eglot in a policy file, or start Eglot automatically:
;;
;;   (add-hook 'json-mode-hook #'eglot-ensure)     ; json-mode package
;;   (add-hook 'json-ts-mode-hook #'eglot-ensure)  ; Emacs 29+
;;   (add-hook 'js-json-mode-hook #'eglot-ensure)  ; Emacs 29+
;;
;; Eglot runs one server per major mode and project, so this entry replaces
;; any other JSON language server for these modes.  Settings go in
;; `eglot-workspace-configuration' under :policyls; see README.md.

;;; Code:

(defvar eglot-server-programs)

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((json-mode json-ts-mode js-json-mode) . ("policyls"))))

(provide 'policyls-eglot)
;;; policyls-eglot.el ends here
