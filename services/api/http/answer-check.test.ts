import { describe, expect, it } from 'vitest'
import { createChat, getChat } from '../operations/chats.ts'
import { deleteTeam } from '../operations/teams.ts'
import { API_OPERATIONS } from '../routes.ts'
import { answerProblems, operationFor } from './answer-check.ts'

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }
const answer = (status: number, body: unknown, headers: Record<string, string> = JSON_TYPE) => ({
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
})
const chat = { chatId: 'c1', title: 't', createdAt: new Date().toISOString(), multitask: 'enqueue' }

describe('answerProblems', () => {
  it('finds the operation of a concrete path, a literal segment before a parameter', () => {
    expect(operationFor(API_OPERATIONS, 'GET', '/runs/r1/audit?format=text')?.operationId).toBe('auditRun')
    expect(operationFor(API_OPERATIONS, 'GET', '/events/schemas')?.operationId).toBe('getEventSchemas')
    expect(operationFor(API_OPERATIONS, 'GET', '/console/')).toBeUndefined()
  })

  it('refuses a status the operation does not declare', () => {
    expect(answerProblems(getChat, answer(418, { error: { code: 'x', message: 'y' } }))).toEqual([
      'status 418 is not declared (200, 404 and the errors)',
    ])
  })

  it('holds an error to the problem format, declared or generic', () => {
    expect(answerProblems(getChat, answer(404, { error: { code: 'chat.notFound', message: 'no' } }))).toEqual(
      [],
    )
    expect(answerProblems(getChat, answer(400, { message: 'no' }))).toEqual([
      'error body.error: Invalid input: expected object, received undefined',
    ])
  })

  it('holds a success to its schema and required headers', () => {
    expect(answerProblems(createChat, answer(201, chat, { ...JSON_TYPE, location: '/chats/c1' }))).toEqual([])
    expect(answerProblems(createChat, answer(201, { ...chat, chatId: 7 }))).toEqual([
      'header Location is missing',
      'body.chatId: Invalid input: expected string, received number',
    ])
  })

  it('refuses a body where none is declared, and a media type not declared', () => {
    expect(answerProblems(deleteTeam, answer(204, ''))).toEqual([])
    expect(answerProblems(deleteTeam, answer(204, 'x', { 'content-type': 'text/plain' }))).toEqual([
      'a 204 has no body, got text/plain',
    ])
    expect(answerProblems(getChat, answer(200, 'hi', { 'content-type': 'text/plain' }))).toEqual([
      'media type text/plain is not declared',
    ])
  })
})
