;;; Test driver for test/editors/emacs.test.ts, loaded after the documented init.el.  -*- lexical-binding: t -*-
;; MELPA is out of reach in CI: empty stand-ins with the names of the MELPA modes the snippet lists.
(define-derived-mode terraform-mode prog-mode "Terraform")
(define-derived-mode yaml-mode prog-mode "YAML")
(add-to-list 'auto-mode-alist '("\\.tf\\'" . terraform-mode))
(add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode))
(require 'json)

(defun tg-wait (pred secs)
  (let ((deadline (+ (float-time) secs)) (ok nil))
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (when (bound-and-true-p flymake-mode) (flymake-start)))
    ok))

(defun tg-lsp-diag (d) (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))))

(defun tg-diagnostics ()
  (mapcar (lambda (d)
            (let* ((lsp (tg-lsp-diag d)) (start (plist-get (plist-get lsp :range) :start)))
              `((code . ,(plist-get lsp :code)) (line . ,(1+ (plist-get start :line)))
                (col . ,(1+ (plist-get start :character))) (source . ,(plist-get lsp :source)))))
          (flymake-diagnostics)))

(defun tg-has (code) (seq-find (lambda (d) (equal (plist-get (tg-lsp-diag d) :code) code)) (flymake-diagnostics)))

(let ((out nil) (files (split-string (getenv "TG_FILES") ",")) (fix-code (getenv "TG_FIX_CODE")) (first t))
  (dolist (file files)
    (find-file file)
    (run-hooks 'post-command-hook) ; eglot-ensure connects from the command loop, which batch mode does not run
    (let ((seen (tg-wait (lambda () (and eglot--managed-mode (flymake-diagnostics))) 30)))
      (push `(,file . ((seen . ,(and seen t)) (mode . ,(symbol-name major-mode)) (diagnostics . ,(vconcat (tg-diagnostics))))) out))
    (when (and first fix-code)
      (let* ((d (tg-has fix-code))
             (actions (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d) "quickfix"))
             (preferred (seq-find (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
        (eglot--apply-workspace-edit (plist-get preferred :edit))
        ;; What eglot's idle timer would send; batch mode is never idle.
        (eglot--signal-textDocument/didChange)
        (let ((gone (tg-wait (lambda () (null (tg-has fix-code))) 30)))
          (push `(fix . ((title . ,(plist-get preferred :title)) (gone . ,(and gone t))
                         (text . ,(buffer-substring-no-properties (point-min) (point-max)))
                         (after . ,(vconcat (tg-diagnostics)))))
                out))))
    (setq first nil))
  (push `(servers . ,(length (hash-table-values eglot--servers-by-project))) out)
  (push `(events . ,(let ((server (eglot-current-server)))
                      (if server
                          (let ((b (eglot-events-buffer server))) ; eglot 1.9 returns the window it displays
                            (with-current-buffer (if (windowp b) (window-buffer b) b) (buffer-string)))
                        "")))
        out)
  (push `(messages . ,(with-current-buffer "*Messages*" (buffer-string))) out)
  (with-temp-file (getenv "TG_OUT") (insert (json-encode out))))
(kill-emacs 0)
