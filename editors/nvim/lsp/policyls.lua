-- Neovim 0.11+: with this directory on 'runtimepath', vim.lsp.enable("policyls")
-- finds this file. Override any field with vim.lsp.config("policyls", {...}).
return require("policyls").lsp_config()
